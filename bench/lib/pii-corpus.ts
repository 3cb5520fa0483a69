import { createHash } from 'node:crypto';
import type { PiiType } from '../../src/privacy/index.js';
import * as W from './pii-corpus-words.js';

/**
 * A generated support-chat corpus with exact ground truth, for `bench/pii.ts`. Deterministic for a
 * seed. Every message is built piece by piece, so each personal value's offsets are known; the
 * values are synthetic (fake names from our own lists, cards and IBANs with valid check digits,
 * reserved-looking domains) and the sentences are our own.
 */

export interface LabelledSpan {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
  /** For PERSON: whether the first name came from the rare list (likely outside gazetteers). */
  readonly rare?: boolean;
}

export interface LabelledMessage {
  readonly text: string;
  readonly spans: readonly LabelledSpan[];
}

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class MessageBuilder {
  text = '';
  spans: LabelledSpan[] = [];
  add(piece: string): this {
    this.text += piece;
    return this;
  }
  pii(type: PiiType, value: string, rare?: boolean): this {
    const start = this.text.length;
    this.text += value;
    this.spans.push(rare === undefined ? { type, start, end: this.text.length } : { type, start, end: this.text.length, rare });
    return this;
  }
}

/**
 * `piiShare`: the share of messages built from a template holding personal data (the rest are one
 * to three sentences without any). Real support chats are mostly PII-free; 0.25 is our
 * assumption for a typical queue, and 1 gives the densest corpus.
 */
export function generateCorpus(targetBytes: number, options: { seed?: number; piiShare?: number } = {}): LabelledMessage[] {
  const seed = options.seed ?? 20260704;
  const piiShare = options.piiShare ?? 0.25;
  const rng = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
  const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const g = new Generators(rng, pick, int, digits);
  const messages: LabelledMessage[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const b = new MessageBuilder();
    const template = rng() < piiShare ? pick(PII_TEMPLATES) : pick(FILLER_TEMPLATES);
    template(b, g);
    messages.push({ text: b.text, spans: b.spans });
    bytes += Buffer.byteLength(b.text) + 1;
  }
  return messages;
}

class Generators {
  constructor(
    readonly rng: Rng,
    readonly pick: <T>(list: readonly T[]) => T,
    readonly int: (lo: number, hi: number) => number,
    readonly digits: (n: number) => string,
  ) {}
  person(): { first: string; last: string; rare: boolean } {
    const rare = this.rng() < 0.3;
    const first = rare ? this.pick(W.RARE_FIRST) : this.pick(W.COMMON_FIRST);
    const last = this.rng() < 0.5 ? this.pick(W.RARE_LAST) : this.pick(W.COMMON_LAST);
    return { first, last, rare };
  }
  email(first?: string, last?: string): string {
    const p = first === undefined ? this.person() : { first, last: last ?? 'x' };
    const local = this.pick([`${p.first}.${p.last}`, `${p.first}${this.int(1, 99)}`, `${p.first[0]}${p.last}`]).toLowerCase();
    return `${local}@${this.pick(W.DOMAINS)}`;
  }
  phone(): string {
    const area = this.pick(['212', '415', '312', '617', '206', '303', '512', '646', '202', '305']);
    const exchange = `${this.int(2, 9)}${this.digits(2)}`;
    const line = this.digits(4);
    return this.pick([
      `(${area}) ${exchange}-${line}`,
      `${area}-${exchange}-${line}`,
      `+1 ${area} ${exchange} ${line}`,
      `${area}.${exchange}.${line}`,
      `+44 20 7${this.digits(3)} ${this.digits(4)}`,
      `+49 30 ${this.int(2, 9)}${this.digits(6)}`,
      `+33 1 ${this.int(40, 49)} ${this.digits(2)} ${this.digits(2)} ${this.digits(2)}`,
    ]);
  }
  card(): string {
    const prefix = this.pick(['4', '4', '51', '53', '55', '6011', '34', '37']);
    const length = prefix === '34' || prefix === '37' ? 15 : 16;
    let number = prefix + this.digits(length - prefix.length - 1);
    number += luhnDigit(number);
    const sep = this.pick([' ', '-', '']);
    return length === 16 ? number.match(/.{4}/g)!.join(sep) : sep === '' ? number : `${number.slice(0, 4)}${sep}${number.slice(4, 10)}${sep}${number.slice(10)}`;
  }
  iban(): string {
    const [country, bban] = this.pick([
      ['DE', () => this.digits(18)],
      ['FR', () => this.digits(10) + this.digits(11) + this.digits(2)],
      ['NL', () => this.pick(['ABNA', 'INGB', 'RABO']) + this.digits(10)],
      ['GB', () => this.pick(['NWBK', 'BARC', 'MIDL']) + this.digits(14)],
      ['ES', () => this.digits(20)],
    ] as const);
    const body = bban();
    const check = String(98 - mod97(`${body}${country}00`)).padStart(2, '0');
    const iban = `${country}${check}${body}`;
    return this.rng() < 0.5 ? iban : iban.match(/.{1,4}/g)!.join(' ');
  }
  ssn(): string {
    let area = this.int(1, 899);
    if (area === 666) area = 667;
    return `${String(area).padStart(3, '0')}-${String(this.int(1, 99)).padStart(2, '0')}-${String(this.int(1, 9999)).padStart(4, '0')}`;
  }
  ip(): string {
    if (this.rng() < 0.2) return `2001:db8:${this.int(1, 0xffff).toString(16)}::${this.int(1, 0xffff).toString(16)}`;
    return `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
  url(): string {
    const host = `${this.pick(W.COMPANY_STEMS).toLowerCase()}.${this.pick(['com', 'io', 'net', 'org'])}`;
    return this.pick([`https://${host}/account/${this.digits(6)}`, `https://www.${host}/help?ref=${this.digits(4)}`, `www.${host}/orders`, `http://${host}`]);
  }
  crypto(): string {
    if (this.rng() < 0.3) return `0x${Array.from({ length: 40 }, () => '0123456789abcdef'[this.int(0, 15)]).join('')}`;
    const payload = Buffer.alloc(21);
    payload[0] = this.rng() < 0.7 ? 0x00 : 0x05;
    for (let i = 1; i < 21; i++) payload[i] = this.int(0, 255);
    return base58check(payload);
  }
  apiKey(): string {
    const alnum = (n: number): string => Array.from({ length: n }, () => ALNUM[this.int(0, ALNUM.length - 1)]).join('');
    return this.pick([`sk_live_${alnum(24)}`, `ghp_${alnum(36)}`, `AKIA${alnum(16).toUpperCase()}`, alnum(32)]);
  }
  dob(): string {
    const y = this.int(1940, 2005);
    const m = this.int(1, 12);
    const d = this.int(1, 28);
    const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]!;
    return this.pick([`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`, `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, `${month} ${d}, ${y}`, `${d} ${month} ${y}`]);
  }
  street(): string {
    const base = `${this.int(1, 9999)} ${this.pick(W.STREET_NAMES)} ${this.pick(W.STREET_SUFFIXES)}`;
    return this.rng() < 0.5 ? base : `${base}, ${this.pick(W.SMALL_TOWNS)}, ${this.pick(W.US_STATES)} ${this.digits(5)}`;
  }
  company(): string {
    return `${this.pick(W.COMPANY_STEMS)} ${this.pick(W.COMPANY_SUFFIXES)}`;
  }
  place(): string {
    const r = this.rng();
    return r < 0.45 ? this.pick(W.BIG_CITIES) : r < 0.7 ? this.pick(W.COUNTRIES) : this.pick(W.SMALL_TOWNS);
  }
  order(): string {
    return this.pick([`#${this.digits(5)}`, `ORD-${this.digits(7)}`, `A${this.digits(6)}`, `${this.digits(8)}`]);
  }
  amount(): string {
    return this.pick([`$${this.int(5, 900)}.${this.digits(2)}`, `€${this.int(5, 900)}`, `${this.int(5, 900)} USD`]);
  }
  date(): string {
    return this.pick([`2026-0${this.int(1, 9)}-1${this.int(0, 9)}`, `${this.int(1, 28)}/${this.int(1, 12)}`, `last ${this.pick(['Monday', 'Friday', 'week'])}`]);
  }
  tracking(): string {
    return this.pick([`1Z${this.digits(6)}AA${this.digits(8)}`, `TRK${this.digits(9)}`]);
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

type Template = (b: MessageBuilder, g: Generators) => void;

const name = (b: MessageBuilder, g: Generators, full = true): { first: string; last: string } => {
  const p = g.person();
  b.pii('PERSON', full ? `${p.first} ${p.last}` : p.first, p.rare);
  return p;
};

const FILLER_TEMPLATES: readonly Template[] = [
  (b, g) => {
    b.add(g.pick(W.FILLER));
  },
  (b, g) => {
    b.add(`${g.pick(W.FILLER)} ${g.pick(W.FILLER)}`);
  },
  (b, g) => {
    b.add(`${g.pick(W.FILLER)} ${g.pick(W.FILLER)} ${g.pick(W.FILLER)}`);
  },
  (b, g) => {
    b.add(`It costs ${g.amount()} per month and I am on version ${g.int(1, 9)}.${g.int(0, 20)}.${g.int(0, 9)} of the app. ${g.pick(W.FILLER)}`);
  },
  (b, g) => {
    b.add(`Order ${g.order()} was placed on ${g.date()}, tracking ${g.tracking()}. ${g.pick(W.FILLER)}`);
  },
];

const PII_TEMPLATES: readonly Template[] = [
  (b, g) => {
    b.add('Hi, this is ');
    name(b, g);
    b.add(`. I ordered ${g.pick(W.PRODUCTS)} on ${g.date()} (order ${g.order()}) and it still has not arrived.`);
  },
  (b, g) => {
    b.add('My email is ').pii('EMAIL', g.email()).add(' and my phone is ').pii('PHONE', g.phone()).add('.');
  },
  (b, g) => {
    b.add('I paid with card ').pii('CREDIT_CARD', g.card()).add(` but was charged twice for ${g.amount()}.`);
  },
  (b, g) => {
    b.add('Can you update my address to ').pii('STREET_ADDRESS', g.street()).add('? ').add(g.pick(W.FILLER));
  },
  (b, g) => {
    b.add('You can wire the refund to ').pii('IBAN', g.iban()).add(', the account is in the name of ');
    name(b, g);
    b.add('.');
  },
  (b, g) => {
    b.add('For the tax form, my social security number is ').pii('US_SSN', g.ssn()).add('.');
  },
  (b, g) => {
    b.add('Our office is in ').pii('LOCATION', g.place()).add(' and we work for ').pii('ORGANIZATION', g.company()).add('. ').add(g.pick(W.FILLER));
  },
  (b, g) => {
    const p = g.person();
    b.add('Thanks ').pii('PERSON', p.first, p.rare).add(', that fixed it! ').add(g.pick(W.FILLER));
  },
  (b, g) => {
    b.add(`${g.pick(W.AGENT_FIRST)} here from support`);
    b.spans.push({ type: 'PERSON', start: 0, end: b.text.indexOf(' here') });
    b.add(`. Could you confirm the order number? ${g.pick(W.FILLER)}`);
  },
  (b, g) => {
    b.add('The login fails from IP ').pii('IP_ADDRESS', g.ip()).add(', see ').pii('URL', g.url()).add(' for the error.');
  },
  (b, g) => {
    b.add('Please send the payout to my wallet ').pii('CRYPTO', g.crypto()).add(' instead of the bank.');
  },
  (b, g) => {
    b.add('I pasted my API key ').pii('API_KEY', g.apiKey()).add(' in the last message by mistake, can you delete it?');
  },
  (b, g) => {
    b.add('I was born on ').pii('DATE_OF_BIRTH', g.dob()).add(', but the form says I am under 18.');
  },
  (b, g) => {
    b.add(`Order ${g.order()} was shipped to `).pii('LOCATION', g.place()).add(` on ${g.date()}, tracking ${g.tracking()}.`);
  },
  (b, g) => {
    b.add('My colleague ');
    name(b, g);
    b.add(' at ').pii('ORGANIZATION', g.company()).add(' will call you from ').pii('PHONE', g.phone()).add(' tomorrow.');
  },
  (b, g) => {
    b.add('Dear ');
    name(b, g);
    b.add(`, your ticket ${g.order()} has been resolved. ${g.pick(W.FILLER)}`);
  },
  (b, g) => {
    const p = g.person();
    b.add(`${g.pick(W.FILLER)}\n\nRegards,\n`).pii('PERSON', `${p.first} ${p.last}`, p.rare).add('\n').pii('EMAIL', g.email(p.first, p.last));
  },
  (b, g) => {
    b.add('I moved from ').pii('LOCATION', g.place()).add(' to ').pii('LOCATION', g.place()).add(` last month, please update my account. ${g.pick(W.FILLER)}`);
  },
  (b, g) => {
    b.add('Please call me back on ').pii('PHONE', g.phone()).add(`, I am free after ${g.int(1, 6)} pm.`);
  },
  (b, g) => {
    name(b, g);
    b.add(` from your billing team never replied to my message about ${g.pick(W.PRODUCTS)}.`);
  },
  (b, g) => {
    b.add(`Reference ${g.tracking()}: my husband `);
    name(b, g);
    b.add(' placed the order with ').pii('EMAIL', g.email()).add('.');
  },
];

function luhnDigit(partial: string): string {
  let sum = 0;
  let double = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = Number(partial[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

function mod97(text: string): number {
  let r = 0;
  for (const c of text) r = (r * (/\d/.test(c) ? 10 : 100) + (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55)) % 97;
  return r;
}

function base58check(payload: Buffer): string {
  const checksum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest().subarray(0, 4);
  const bytes = Buffer.concat([payload, checksum]);
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}
