import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import type { TextProfile } from '../text-profile.js';
import { shannonEntropy } from '../validators/entropy.js';
import { hasContext } from './context.js';

/** Credentials whose issuer marks them with a fixed prefix. */
const KNOWN = new RegExp(
  [
    String.raw`(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}`, // AWS access key id
    String.raw`gh[pousr]_[A-Za-z0-9]{36,255}`, // GitHub tokens
    String.raw`github_pat_[A-Za-z0-9_]{22,255}`,
    String.raw`glpat-[A-Za-z0-9_-]{20,}`, // GitLab
    String.raw`xox[abprs]-[A-Za-z0-9-]{10,}`, // Slack
    String.raw`(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}`, // Stripe
    String.raw`AIza[0-9A-Za-z_-]{35}`, // Google API key
    String.raw`sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}`, // OpenAI, Anthropic
    String.raw`npm_[A-Za-z0-9]{36}`, // npm
    String.raw`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, // SendGrid
    String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`, // JWT
    String.raw`sd_[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{20,}`, // Sealdesk API key
    String.raw`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----`,
  ].join('|'),
  'g',
);
const KNOWN_PREFILTER = /AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|_live_|_test_|AIza|sk-|npm_|SG\.|eyJ|sd_|-----BEGIN/;
/** Long runs of token characters; judged by entropy and character mix below. */
const TOKEN = /(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/=-]{20,}(?![A-Za-z0-9_+/=-])/g;
const KEYWORD = /\b(?:api[ _-]?key|apikey|secret|token|password|passwd|pwd|access[ _-]?key|private[ _-]?key|credentials?|bearer)\b/i;

/**
 * Secrets and API keys: known prefixes first (score 0.99), then any long token with high
 * entropy and a mix of upper case, lower case and digits, and, after a keyword such as "api key"
 * or "token", shorter or single-case tokens (hex) with moderate entropy.
 */
export function secretRecognizer(): Recognizer {
  return {
    name: 'secret',
    types: ['API_KEY'],
    applies: (p) => p.longestToken >= 15,
    scan(text: string, out: PiiFinding[], profile: TextProfile): void {
      const known: [number, number][] = [];
      if (KNOWN_PREFILTER.test(text)) {
        KNOWN.lastIndex = 0;
        for (let match = KNOWN.exec(text); match !== null; match = KNOWN.exec(text)) {
          const before = text[match.index - 1];
          if (before !== undefined && /[A-Za-z0-9]/.test(before)) continue;
          known.push([match.index, match.index + match[0].length]);
          out.push({ type: 'API_KEY', start: match.index, end: match.index + match[0].length, score: 0.99, validator: 'key-prefix' });
        }
      }
      if (profile.longestToken < 20) return;
      TOKEN.lastIndex = 0;
      for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
        const start = match.index;
        const token = match[0];
        if (known.some(([s, e]) => start < e && s < start + token.length)) continue;
        const score = genericSecretScore(token, () => hasContext(text, start, KEYWORD, 32));
        if (score > 0) out.push({ type: 'API_KEY', start, end: start + token.length, score, validator: score >= 0.8 ? 'entropy' : 'context' });
      }
    },
  };
}

function genericSecretScore(token: string, keywordNear: () => boolean): number {
  const upper = /[A-Z]/.test(token);
  const lower = /[a-z]/.test(token);
  const digit = /[0-9]/.test(token);
  const entropy = shannonEntropy(token);
  if (upper && lower && digit && token.length >= 24 && entropy >= 4) return 0.8;
  if (token.length >= 16 && (digit || (upper && lower)) && entropy >= 3 && keywordNear()) return 0.75;
  return 0;
}

