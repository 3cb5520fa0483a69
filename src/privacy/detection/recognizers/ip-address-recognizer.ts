import { isIPv4, isIPv6 } from 'node:net';
import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import type { TextProfile } from '../text-profile.js';

const V4_PREFILTER = /\d\.\d{1,3}\.\d{1,3}\.\d/;
const V4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w])/g;
const ZONE = /^%[0-9A-Za-z_.-]+/;
const PREFIX = /^\/(\d{1,4})(?![\w])/;
const WORD = /[\p{L}\p{N}_]/u;

/**
 * IPv4 and IPv6 addresses (RFC 4291 §2.2 text forms, IPv4-mapped and embedded forms), with an
 * optional zone (`%eth0`) and CIDR prefix (`/24`, kept only when in range). The address must not
 * be glued to letters or digits; validation is node:net's.
 */
export function ipAddressRecognizer(): Recognizer {
  return {
    name: 'ip-address',
    types: ['IP_ADDRESS'],
    applies: (p) => p.colon || p.dottedDigits >= 3,
    scan(text: string, out: PiiFinding[], profile: TextProfile): void {
      const v6: [number, number][] = [];
      // Grow each maximal run of IPv6 characters out from a ':' (a regular expression that
      // starts anywhere would rescan long hex-like text once per position).
      for (let colon = text.indexOf(':'); colon !== -1; ) {
        let runStart = colon;
        while (runStart > 0 && isV6Char(text.charCodeAt(runStart - 1))) runStart--;
        let runEnd = colon + 1;
        while (runEnd < text.length && isV6Char(text.charCodeAt(runEnd))) runEnd++;
        colon = text.indexOf(':', runEnd);
        const found = runEnd - runStart <= 64 ? ipv6In(text, runStart, text.slice(runStart, runEnd)) : undefined;
        if (found !== undefined) {
          v6.push(found);
          out.push({ type: 'IP_ADDRESS', start: found[0], end: found[1], score: 0.95, validator: 'ip' });
        }
      }
      if (profile.dottedDigits < 3 || !V4_PREFILTER.test(text)) return;
      V4.lastIndex = 0;
      for (let match = V4.exec(text); match !== null; match = V4.exec(text)) {
        if (!isIPv4(match[0])) continue;
        const start = match.index;
        if (v6.some(([s, e]) => start >= s && start < e)) continue;
        const end = withPrefix(text, start + match[0].length, 32);
        out.push({ type: 'IP_ADDRESS', start, end, score: 0.9, validator: 'ip' });
      }
    },
  };
}

/** The characters an IPv6 address (with an embedded IPv4 tail) is made of: hex digits, ':' and '.'. */
function isV6Char(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
}

function ipv6In(text: string, runStart: number, run: string): [number, number] | undefined {
  let start = runStart;
  let value = run;
  // A single leading ':' ("IP:2001:db8::1") belongs to the text, not the address.
  if (value.startsWith(':') && !value.startsWith('::')) {
    start++;
    value = value.slice(1);
  }
  while (value.endsWith('.')) value = value.slice(0, -1);
  if (!value.includes(':')) return undefined;
  if (!isIPv6(value)) {
    if (value.endsWith(':') && !value.endsWith('::') && isIPv6(value.slice(0, -1))) value = value.slice(0, -1);
    else return undefined;
  }
  const before = text[start - 1];
  if (before !== undefined && WORD.test(before)) return undefined;
  let end = start + value.length;
  const zone = ZONE.exec(text.slice(end));
  if (zone !== null) end += zone[0].length;
  const after = text[end];
  if (after !== undefined && (WORD.test(after) || (after === '.' && /\d/.test(text[end + 1] ?? '')))) return undefined;
  return [start, withPrefix(text, end, 128)];
}

function withPrefix(text: string, end: number, max: number): number {
  const prefix = PREFIX.exec(text.slice(end, end + 6));
  return prefix !== null && Number(prefix[1]) <= max ? end + prefix[0].length : end;
}
