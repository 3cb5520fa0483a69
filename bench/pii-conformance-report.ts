/**
 * Prints the per-entity precision and recall of the PII detector on the conformance data, as
 * Markdown tables for docs/privacy.md:
 *
 *   node --import tsx bench/pii-conformance-report.ts
 */
import { conformanceDir } from '../test/conformance/conformance-dir.js';
import { formatTallies, scoreE2eDemo, scorePresidioCases, scoreSynthetic } from '../test/conformance/pii-scoring.js';

const dir = conformanceDir();
const sections: [string, string][] = [
  ["Presidio's recogniser unit tests (pattern/checksum and libphonenumber cases)", formatTallies(scorePresidioCases(dir, { kinds: ['pattern_checksum', 'libphonenumber'] }))],
  ["Presidio's unit tests of statistical NER models (PERSON)", formatTallies(scorePresidioCases(dir, { kinds: ['ner_model'] }))],
  ["Presidio's end-to-end demo (17 labelled spans)", formatTallies(scoreE2eDemo(dir))],
  ['presidio-research synthetic records (1,500)', formatTallies(scoreSynthetic(dir))],
];
for (const [title, table] of sections) process.stdout.write(`### ${title}\n\n${table}\n\n`);
