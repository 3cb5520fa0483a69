import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import type { TextProfile } from '../text-profile.js';
import { isIP } from 'node:net';

const WITH_SCHEME = /\b(?:https?|ftps?|sftp|wss?):\/\/[^\s<>"'`]+/gi;
const WITH_WWW = /(?<![\w@./-])www\.[^\s<>"'`]+/gi;
/**
 * Top-level domains accepted without a scheme or `www.`: the common generic ones and the
 * country codes people write most. Two-letter codes that are also file extensions (md, py, sh,
 * rs, js, ts) are left out.
 */
const BARE_TLDS =
  'com|org|net|edu|gov|mil|int|info|biz|io|co|ai|app|dev|me|tv|us|uk|de|fr|it|es|nl|be|ch|at|se|no|dk|fi|pl|cz|sk|hu|ro|bg|gr|pt|ie|il|in|jp|cn|kr|au|nz|ca|br|mx|ar|cl|ru|ua|tr|za|eu|asia|site|online|store|shop|tech|cloud|xyz|club|blog|email|support|help|page|link|live|news|media|agency|digital|world|global|today|space|website|cy|lt|lv|ee|si|hr|rs|is|lu';
const BARE = new RegExp(
  String.raw`(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${BARE_TLDS})(?::\d{1,5})?(?:/[^\s<>"'\`]*)?(?![\w@-])`,
  'gi',
);
/** A dot followed by one of BARE_TLDS and a non-letter: the necessary condition for a bare domain. */
const BARE_PREFILTER = new RegExp(String.raw`\.(?:${BARE_TLDS})(?![a-z0-9-])`, 'i');
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/i;
const TRAILING = /[.,;:!?'"\])}>]+$/;

/**
 * URLs: with a scheme (any dotted host with an alphabetic TLD, or an IP literal), starting with
 * `www.`, or a bare domain with a common TLD ("example.com/path"). Trailing sentence punctuation
 * is not part of the URL; a closing parenthesis is kept when the URL opened one.
 */
export function urlRecognizer(): Recognizer {
  return {
    name: 'url',
    types: ['URL'],
    // A scheme needs "://"; every other URL a host with a letter top-level domain, so ".x".
    applies: (p) => p.dotLetter || p.colon,
    scan(text: string, out: PiiFinding[], profile: TextProfile): void {
      if (!text.includes('.') && !text.includes('://')) return;
      const taken: [number, number][] = [];
      if (text.includes('://')) addUrls(text, WITH_SCHEME, 0.9, taken, out);
      if (profile.dotLetter && /www\./i.test(text)) addUrls(text, WITH_WWW, 0.85, taken, out);
      if (profile.dotLetter && BARE_PREFILTER.test(text)) addUrls(text, BARE, 0.6, taken, out);
    },
  };
}

/** Reports each match of `pattern` that, trimmed, has a valid host and overlaps no URL taken before. */
function addUrls(text: string, pattern: RegExp, score: number, taken: [number, number][], out: PiiFinding[]): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    const value = trimUrl(match[0]);
    if (!hasValidHost(value)) continue;
    const end = start + value.length;
    if (taken.some(([s, e]) => start < e && s < end)) continue;
    taken.push([start, end]);
    out.push({ type: 'URL', start, end, score, validator: 'url-syntax' });
  }
}

function trimUrl(raw: string): string {
  let value = raw;
  for (;;) {
    const trailing = TRAILING.exec(value);
    if (trailing === null) return value;
    let cut = trailing[0];
    // Keep a ')' that closes a '(' inside the URL (Wikipedia-style paths).
    if (cut.startsWith(')') && count(value, '(') > count(value.slice(0, -cut.length), ')')) cut = cut.slice(1);
    if (cut === '') return value;
    value = value.slice(0, -cut.length);
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

function hasValidHost(url: string): boolean {
  const afterScheme = url.includes('://') ? url.slice(url.indexOf('://') + 3) : url;
  const authority = afterScheme.split(/[/?#]/, 1)[0] ?? '';
  const hostPort = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    return close > 0 && isIP(hostPort.slice(1, close)) === 6;
  }
  const host = hostPort.replace(/:\d{1,5}$/, '');
  if (/^www\./i.test(host) && host.split('.').length < 3) return false;
  return isIP(host) === 4 || HOST.test(host);
}
