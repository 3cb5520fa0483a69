import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';

const LOCAL = /[A-Za-z0-9._%+'-]/;
const DOMAIN = /[A-Za-z0-9.-]/;
/** Dotted labels ending in a top-level domain of letters (or an IDNA `xn--` label). */
const DOMAIN_SHAPE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{2,59})$/;

/**
 * E-mail addresses (the RFC 5322 dot-atom subset people type). Searches for `@` and grows the
 * address outwards from it, so text without `@` costs one `indexOf`.
 */
export function emailRecognizer(): Recognizer {
  return {
    name: 'email',
    types: ['EMAIL'],
    applies: (p) => p.at,
    scan(text: string, out: PiiFinding[]): void {
      for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
        let start = at;
        while (start > 0 && LOCAL.test(text[start - 1]!)) start--;
        while (start < at && text[start] === '.') start++;
        let end = at + 1;
        while (end < text.length && DOMAIN.test(text[end]!)) end++;
        while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
        if (start === at || end === at + 1) continue;
        const local = text.slice(start, at);
        if (local.endsWith('.') || local.includes('..')) continue;
        if (!DOMAIN_SHAPE.test(text.slice(at + 1, end))) continue;
        out.push({ type: 'EMAIL', start, end, score: 1, validator: 'email-syntax' });
        at = end - 1;
      }
    },
  };
}
