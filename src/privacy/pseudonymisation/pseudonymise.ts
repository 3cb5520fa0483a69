import type { PiiDetector, PiiFinding, PiiType, Validator } from '../detection/index.js';
import type { PseudonymEntry, PseudonymMapping } from './pseudonym-mapping.js';
import { emptyMapping } from './pseudonym-mapping.js';
import { TOKEN_PATTERN, formatToken, type TokenType } from './pseudonym-token.js';

/** A replaced value: where it was in the input (UTF-16 offsets), its type and its token. */
export interface PseudonymFinding {
  readonly type: PiiType;
  readonly token: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  readonly validator: Validator;
}

declare const pseudonymised: unique symbol;

/**
 * Text that has been through `pseudonymise`: the only form of customer text a model provider's
 * request accepts (see `ChatRequest` in the assistant). Only this module makes one.
 */
export type PseudonymisedText = string & { readonly [pseudonymised]: true };

export interface Pseudonymisation {
  /** The input with every finding replaced by its token; the only text that may reach an LLM. */
  readonly text: PseudonymisedText;
  /** The conversation's mapping, extended with this text's new values. */
  readonly mapping: PseudonymMapping;
  readonly findings: readonly PseudonymFinding[];
}

interface Span {
  start: number;
  end: number;
  type: TokenType;
  finding?: PiiFinding;
}

/**
 * Replaces each finding with a typed token, `[EMAIL_1]`, `[PERSON_2]`. Within a conversation
 * (pass its mapping) the same value always gets the same token; values are compared exactly, so
 * that restoring is exact. Text the customer typed that looks like a token (a literal
 * "[EMAIL_1]") becomes a `[LITERAL_n]` token itself: after this, every token-shaped string in the
 * output is one the mapping knows, and `restore` turns `[LITERAL_n]` back into the typed text
 * without ever reading it as a token. A finding that overlaps such a string absorbs it.
 */
export function pseudonymise(text: string, detector: PiiDetector, mapping: PseudonymMapping = emptyMapping()): Pseudonymisation {
  const spans = spansToReplace(text, detector.detect(text));
  const entries = [...mapping.entries];
  const byValue = new Map(entries.map((e) => [`${e.type}\u0000${e.value}`, e]));
  const counts = new Map<TokenType, number>();
  for (const entry of entries) {
    const n = Number(/_(\d+)\]$/.exec(entry.token)?.[1] ?? 0);
    counts.set(entry.type, Math.max(counts.get(entry.type) ?? 0, n));
  }
  const tokenFor = (type: TokenType, value: string): string => {
    const key = `${type}\u0000${value}`;
    let entry = byValue.get(key);
    if (entry === undefined) {
      const n = (counts.get(type) ?? 0) + 1;
      counts.set(type, n);
      entry = { token: formatToken(type, n), type, value } satisfies PseudonymEntry;
      entries.push(entry);
      byValue.set(key, entry);
    }
    return entry.token;
  };
  let output = '';
  let last = 0;
  const findings: PseudonymFinding[] = [];
  for (const span of spans) {
    const token = tokenFor(span.type, text.slice(span.start, span.end));
    output += text.slice(last, span.start) + token;
    last = span.end;
    if (span.finding !== undefined) {
      const { score, validator } = span.finding;
      findings.push({ type: span.finding.type, token, start: span.start, end: span.end, score, validator });
    }
  }
  output += text.slice(last);
  return { text: output as PseudonymisedText, mapping: { v: 1, entries }, findings };
}

/** Findings plus token look-alikes, merged so that no two overlap; sorted by start. */
function spansToReplace(text: string, findings: readonly PiiFinding[]): Span[] {
  const literals: Span[] = [...text.matchAll(TOKEN_PATTERN)].map((m) => ({ start: m.index, end: m.index + m[0].length, type: 'LITERAL' }));
  const spans: Span[] = findings.map((f) => ({ start: f.start, end: f.end, type: f.type, finding: f }));
  for (const literal of literals) {
    const overlapping = spans.filter((s) => s.start < literal.end && literal.start < s.end);
    if (overlapping.length === 0) {
      spans.push(literal);
      continue;
    }
    for (const span of overlapping) {
      span.start = Math.min(span.start, literal.start);
      span.end = Math.max(span.end, literal.end);
      if (span.finding !== undefined) span.finding = { ...span.finding, start: span.start, end: span.end };
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  // Widening can make neighbours overlap; merge them, keeping the first one's type.
  const merged: Span[] = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && span.start < previous.end) {
      previous.end = Math.max(previous.end, span.end);
      if (previous.finding !== undefined) previous.finding = { ...previous.finding, end: previous.end };
    } else {
      merged.push(span);
    }
  }
  return merged;
}
