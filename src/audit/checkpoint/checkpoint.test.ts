import { describe, expect, it } from 'vitest';
import { CheckpointError, formatCheckpoint, parseCheckpoint, type Checkpoint } from './index.js';

const root = new Uint8Array(32).map((_, i) => i);
const rootBase64 = Buffer.from(root).toString('base64');

describe('formatCheckpoint and parseCheckpoint', () => {
  it('parses the tlog-checkpoint specification example', () => {
    const parsed = parseCheckpoint('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
    expect(parsed.origin).toBe('example.com/behind-the-sofa');
    expect(parsed.size).toBe(20852163);
    expect(Buffer.from(parsed.rootHash).toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(parsed.extensions).toEqual([]);
  });

  it.each<Checkpoint>([
    { origin: 'sealdesk.example/audit/t_1', size: 0, rootHash: root },
    { origin: 'sealdesk.example/audit/t_1', size: 2 ** 53 - 1, rootHash: root, extensions: ['— ext one', 'two'] },
  ])('round-trips size $size', (checkpoint) => {
    const text = formatCheckpoint(checkpoint);
    expect(parseCheckpoint(text)).toEqual({ extensions: [], ...checkpoint });
    expect(formatCheckpoint(parseCheckpoint(text))).toBe(text);
  });

  it('writes one line per field, each ending in a newline', () => {
    expect(formatCheckpoint({ origin: 'o', size: 5, rootHash: root, extensions: ['x'] })).toBe(`o\n5\n${rootBase64}\nx\n`);
  });

  it.each([
    ['no final newline', `o\n5\n${rootBase64}`],
    ['two lines', 'o\n5\n'],
    ['an empty origin', `\n5\n${rootBase64}\n`],
    ['a leading zero', `o\n05\n${rootBase64}\n`],
    ['a sign', `o\n+5\n${rootBase64}\n`],
    ['a negative size', `o\n-1\n${rootBase64}\n`],
    ['an exponent', `o\n1e3\n${rootBase64}\n`],
    ['a size beyond 2^53', `o\n9007199254740993\n${rootBase64}\n`],
    ['a 31-byte root', `o\n5\n${Buffer.from(root.subarray(1)).toString('base64')}\n`],
    ['a non-canonical root', `o\n5\n${rootBase64.slice(0, -2)}B=\n`],
    ['an empty extension line', `o\n5\n${rootBase64}\n\nx\n`],
    ['a carriage return', `o\r\n5\n${rootBase64}\n`],
    ['a space after the size', `o\n5 \n${rootBase64}\n`],
  ])('refuses %s', (_, text) => {
    expect(() => parseCheckpoint(text)).toThrow(CheckpointError);
  });

  it.each<[string, Checkpoint]>([
    ['a fractional size', { origin: 'o', size: 1.5, rootHash: root }],
    ['a short root', { origin: 'o', size: 1, rootHash: root.subarray(1) }],
    ['an origin with a newline', { origin: 'o\n7', size: 1, rootHash: root }],
    ['an empty extension', { origin: 'o', size: 1, rootHash: root, extensions: [''] }],
  ])('refuses to format %s', (_, checkpoint) => {
    expect(() => formatCheckpoint(checkpoint)).toThrow(CheckpointError);
  });
});
