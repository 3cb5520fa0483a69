import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from './catalogue.js';
import { SealdeskError } from './sealdesk-error.js';

const documented = readFileSync(resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8')
  .split('\n')
  .map((line) => /^\| `([a-z_]+)` \| (\d{3}) \|/.exec(line))
  .filter((match) => match !== null)
  .map((match) => [match[1], Number(match[2])]);

describe('the error catalogue', () => {
  it('is documented in docs/errors.md, code for code and status for status', () => {
    expect(documented).toEqual(Object.entries(ERROR_CATALOGUE).map(([code, entry]) => [code, entry.status]));
  });

  it('maps every code to a 4xx or 5xx status', () => {
    for (const entry of Object.values(ERROR_CATALOGUE)) expect(entry.status).toBeGreaterThanOrEqual(400);
  });

  it('keeps the internal detail apart from the message shown to callers', () => {
    const error = new SealdeskError('access_denied', { detail: 'denied by rule agent-not-assigned' });
    expect(error.userMessage).toBe(ERROR_CATALOGUE.access_denied.message);
    expect(error.message).toBe('denied by rule agent-not-assigned');
    expect(error.status).toBe(403);
  });
});
