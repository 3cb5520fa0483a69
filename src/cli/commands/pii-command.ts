import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import { createPiiDetector, isPiiType, type PiiDetector, type PiiType } from '../../privacy/index.js';

export function piiCommand(): Command {
  const pii = new Command('pii').description('Find personal data in text, offline.');
  pii.addCommand(
    new Command('detect')
      .description(
        'Read JSON lines {"text": "…"} on standard input; write one line per input: {"findings": [{"type", "start", "end", "score"}]} (UTF-16 offsets), or {"error": {"code", "message"}} for a malformed line.',
      )
      .option('--types <list>', 'comma-separated types to report (default: all)', parseTypes)
      .option('--no-ner', 'use gazetteers and cues only for names, never the NER model')
      .action(async (options: { types?: PiiType[]; ner: boolean }) => {
        const detector = createPiiDetector({ types: options.types, ...(options.ner ? {} : { ner: false }) });
        await detectJsonLines(process.stdin, process.stdout, detector);
      }),
  );
  return pii;
}

/**
 * The `pii detect` loop: each non-blank input line gets exactly one output line, in order. A line
 * that is not `{"text": string}` gets an `invalid_request` error line that never quotes the
 * input, and the loop goes on.
 */
export async function detectJsonLines(input: Readable, output: Writable, detector: PiiDetector): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!output.write(`${detectJsonLine(line, detector)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
}

export function detectJsonLine(line: string, detector: PiiDetector): string {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return invalid('The line is not valid JSON.');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return invalid('Each line must be a JSON object {"text": string}.');
  const keys = Object.keys(request);
  if (!keys.includes('text') || typeof (request as { text: unknown }).text !== 'string') return invalid('The object needs a "text" field holding a string.');
  if (keys.length !== 1) return invalid('The object may only have a "text" field.');
  const findings = detector.detect((request as { text: string }).text).map(({ type, start, end, score }) => ({ type, start, end, score }));
  return JSON.stringify({ findings });
}

function invalid(message: string): string {
  return JSON.stringify({ error: { code: 'invalid_request', message } });
}

function parseTypes(value: string): PiiType[] {
  const types = value.split(',').map((t) => t.trim().toUpperCase());
  const unknown = types.filter((t) => !isPiiType(t));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown type(s): ${unknown.join(', ')}`);
  return types as PiiType[];
}
