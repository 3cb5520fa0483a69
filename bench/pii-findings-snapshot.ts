/**
 * Writes every finding the PII detector makes on the benchmark corpus (`bench/pii.ts`'s, at PII
 * shares 0, 0.25 and 1) and on every conformance text, one line per text, so that a change meant
 * to be a pure speed-up can be checked to leave the findings byte-identical:
 *
 *   node --import tsx bench/pii-findings-snapshot.ts --out after.tsv [--mb 10]
 *   node --import tsx bench/pii-findings-snapshot.ts --out before.tsv --privacy ../parent/src/privacy/index.ts
 *   cmp before.tsv after.tsv
 *
 * `--privacy` imports the detector from another checkout (the parent commit's worktree). Texts are
 * run in a fixed order through one detector per configuration, since the name recogniser caches
 * NER verdicts. Prints one SHA-256 per section.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { conformanceDir } from '../test/conformance/conformance-dir.js';
import { generateCorpus } from './lib/pii-corpus.js';

type Privacy = typeof import('../src/privacy/index.js');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const out = option('--out');
  if (out === undefined) throw new Error('--out FILE is required');
  const megabytes = Number(option('--mb') ?? 10);
  const privacyPath = option('--privacy');
  const privacy = (await import(privacyPath === undefined ? '../src/privacy/index.js' : pathToFileURL(path.resolve(privacyPath)).href)) as Privacy;

  const dir = path.join(conformanceDir(), 'pii');
  const jsonLines = (file: string): { text: string }[] =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { text: string });
  const conformance = [
    ...jsonLines('pii_presidio_cases.jsonl').map((c) => c.text),
    ...jsonLines('presidio_research_synth_v2.jsonl').map((r) => r.text),
    (JSON.parse(readFileSync(path.join(dir, 'presidio_e2e_demo_spans.json'), 'utf8')) as { text: string }).text,
    readFileSync(path.join(dir, 'presidio_e2e_demo.txt'), 'utf8'),
  ];
  const sections: [string, readonly string[], Parameters<Privacy['createPiiDetector']>[0]][] = [
    ['share-0', generateCorpus(megabytes * 1_000_000, { piiShare: 0 }).map((m) => m.text), {}],
    ['share-0.25', generateCorpus(megabytes * 1_000_000, { piiShare: 0.25 }).map((m) => m.text), {}],
    ['share-1', generateCorpus(megabytes * 1_000_000, { piiShare: 1 }).map((m) => m.text), {}],
    ['conformance', conformance, {}],
    ['conformance-jp-cn', conformance, { phoneRegions: [...privacy.DEFAULT_PHONE_REGIONS, 'JP', 'CN'] }],
  ];
  const lines: string[] = [];
  for (const [name, texts, options] of sections) {
    const detector = privacy.createPiiDetector(options);
    const hash = createHash('sha256');
    texts.forEach((text, i) => {
      const line = `${name}\t${i}\t${JSON.stringify(detector.detect(text))}`;
      hash.update(`${line}\n`);
      lines.push(line);
    });
    process.stdout.write(`${name}: ${texts.length} texts, sha256 ${hash.digest('hex')}\n`);
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
}

await main();
