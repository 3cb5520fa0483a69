import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectJsonLine, detectJsonLines } from '../../src/cli/commands/pii-command.js';
import { createPiiDetector } from '../../src/privacy/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const detector = createPiiDetector({ ner: false });

describe('sealdesk pii detect', () => {
  it.each([
    ['a text', '{"text":"mail ann@example.com"}', { findings: [{ type: 'EMAIL', start: 5, end: 20, score: 1 }] }],
    ['a text without personal data', '{"text":"hello"}', { findings: [] }],
    ['UTF-16 offsets', '{"text":"🙂 ann@example.com"}', { findings: [{ type: 'EMAIL', start: 3, end: 18, score: 1 }] }],
    ['broken JSON', '{"text": ', { error: { code: 'invalid_request', message: 'The line is not valid JSON.' } }],
    ['a non-object', '["ann@example.com"]', { error: { code: 'invalid_request', message: 'Each line must be a JSON object {"text": string}.' } }],
    ['a missing text', '{"body":"x"}', { error: { code: 'invalid_request', message: 'The object needs a "text" field holding a string.' } }],
    ['a text that is not a string', '{"text":42}', { error: { code: 'invalid_request', message: 'The object needs a "text" field holding a string.' } }],
    ['an unknown field', '{"text":"x","id":1}', { error: { code: 'invalid_request', message: 'The object may only have a "text" field.' } }],
  ])('answers %s', (_name, line, expected) => {
    expect(JSON.parse(detectJsonLine(line, detector))).toEqual(expected);
  });

  it('never quotes the input in an error', () => {
    expect(detectJsonLine('{"text": "ann@example.com"', detector)).not.toContain('ann@example.com');
  });

  it('writes one line per non-blank input line, in order, and goes on after a bad line', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const done = detectJsonLines(input, output, detector);
    input.end('{"text":"a@example.com"}\nnope\n\n{"text":"4111 1111 1111 1111"}\r\n');
    await done;
    expect(written.split('\n').filter(Boolean).map((l) => Object.keys(JSON.parse(l))[0])).toEqual(['findings', 'error', 'findings']);
  });

  it('runs as a sealdesk subcommand, reading standard input', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'pii', 'detect', '--no-ner', '--types', 'email,phone'], {
      cwd: ROOT,
      input: '{"text":"ann@example.com or +44 20 7946 0958"}\n{bad\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { findings: [{ type: 'EMAIL', start: 0, end: 15, score: 1 }, { type: 'PHONE', start: 19, end: 35, score: 0.95 }] },
      { error: { code: 'invalid_request', message: 'The line is not valid JSON.' } },
    ]);
  });

  it('refuses an unknown type as a usage error', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'pii', 'detect', '--types', 'EMAIL,SHOE_SIZE'], { cwd: ROOT, input: '', encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown type(s): SHOE_SIZE');
  });
});
