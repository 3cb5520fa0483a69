import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSafety, runEval, type SafetyFinding } from '../../src/assistant/index.js';
import { systemClock } from '../../src/common/index.js';

/**
 * Scoring of the assistant on `<conformanceDir>/support_qa/` (see its README): Bitext's labelled
 * customer requests for the deterministic handoff rules, COVID-QA's FAQ bank and paraphrased
 * queries for retrieval and answering. docs/assistant.md reports the figures.
 */

/** Bitext intents about refunds, money, cancellations and changes to the account: always a human. */
export const SENSITIVE_INTENTS = [
  'get_refund', 'track_refund', 'check_refund_policy', 'check_payment_methods', 'payment_issue',
  'check_invoice', 'get_invoice', 'check_cancellation_fee', 'cancel_order',
  'delete_account', 'edit_account', 'switch_account',
] as const;
/** Intents the knowledge base may answer: no rule should take them from the assistant. */
export const ORDINARY_INTENTS = [
  'delivery_period', 'delivery_options', 'track_order', 'place_order', 'change_order', 'review', 'complaint',
  'contact_customer_service', 'create_account', 'recover_password', 'registration_problems',
  'newsletter_subscription', 'set_up_shipping_address', 'change_shipping_address',
] as const;

interface BitextRequest {
  readonly instruction: string;
  readonly intent: string;
}

/** For each intent: how many requests there are and how many each finding reason took. */
export type IntentTallies = Map<string, { total: number; byReason: Map<SafetyFinding['reason'] | 'none', number> }>;

export async function scoreBitextRouting(dir: string): Promise<IntentTallies> {
  const requests = await readJsonLines<BitextRequest>(path.join(dir, 'support_qa', 'bitext_customer_support_4514.jsonl'));
  const tallies: IntentTallies = new Map();
  for (const { instruction, intent } of requests) {
    const tally = tallies.get(intent) ?? { total: 0, byReason: new Map() };
    const reason = checkSafety(instruction)?.reason ?? 'none';
    tally.total += 1;
    tally.byReason.set(reason, (tally.byReason.get(reason) ?? 0) + 1);
    tallies.set(intent, tally);
  }
  return tallies;
}

/** The share of the requests of `intents` whose finding reason is `reason`. */
export function shareWithReason(tallies: IntentTallies, intents: readonly string[], reason: SafetyFinding['reason'] | 'none'): number {
  let hits = 0;
  let total = 0;
  for (const intent of intents) {
    const tally = tallies.get(intent);
    if (!tally) throw new Error(`intent ${intent} is not in the Bitext file`);
    hits += tally.byReason.get(reason) ?? 0;
    total += tally.total;
  }
  return hits / total;
}

interface FaqEntry {
  readonly faq_id: number;
  readonly question: string;
  readonly answer: string;
}
interface FaqPair {
  readonly pair_id: number;
  readonly faq_ids: readonly number[];
  readonly user_query: string;
  readonly similar: 0 | 1;
}

/** COVID-QA through `sealdesk eval`'s pipeline, over the paraphrases (`similar` = 1). */
export interface FaqReport {
  readonly queries: number;
  readonly hitAt1: number;
  readonly hitAt3: number;
  /** Share of queries the assistant answered rather than handed over. */
  readonly answered: number;
  /** Of those answered, the share citing a matching FAQ entry. */
  readonly answerPrecision: number;
}

/**
 * Ingests the FAQ bank as one Markdown article per entry (`# question`, then the answer) into a
 * scratch installation, asks every paraphrase as a customer would, and scores the ranking and the
 * citations against the entries the pair names (duplicates in the bank all count as right).
 */
export async function scoreFaqRetrieval(dir: string): Promise<FaqReport> {
  const bank = await readJsonLines<FaqEntry>(path.join(dir, 'support_qa', 'covidqa_faq_bank.jsonl'));
  const pairs = (await readJsonLines<FaqPair>(path.join(dir, 'support_qa', 'covidqa_faq_eval_pairs.jsonl'))).filter((pair) => pair.similar === 1);
  const kbDir = await mkdtemp(path.join(tmpdir(), 'sealdesk-covidqa-'));
  try {
    for (const entry of bank) await writeFile(path.join(kbDir, faqFile(entry.faq_id)), `# ${entry.question}\n\n${entry.answer}\n`);
    const questions = pairs.map((pair) => ({
      id: String(pair.pair_id),
      question: pair.user_query,
      gold_article: faqFile(pair.faq_ids[0]!),
      gold_facts: [],
      kind: 'answerable' as const,
    }));
    const { results } = await runEval({ kbDir, questions, clock: systemClock });
    let hitAt1 = 0;
    let hitAt3 = 0;
    let answered = 0;
    let rightlyCited = 0;
    results.forEach((result, i) => {
      const gold = new Set(pairs[i]!.faq_ids.map(faqFile));
      if (gold.has(result.retrieved[0] ?? '')) hitAt1 += 1;
      if (result.retrieved.slice(0, 3).some((source) => gold.has(source))) hitAt3 += 1;
      if (result.answer.handoff) return;
      answered += 1;
      if (result.answer.citations.some((citation) => gold.has(citation.sourceId))) rightlyCited += 1;
    });
    return {
      queries: pairs.length,
      hitAt1: hitAt1 / pairs.length,
      hitAt3: hitAt3 / pairs.length,
      answered: answered / pairs.length,
      answerPrecision: answered === 0 ? 0 : rightlyCited / answered,
    };
  } finally {
    await rm(kbDir, { recursive: true, force: true });
  }
}

function faqFile(id: number): string {
  return `faq-${id}.md`;
}

async function readJsonLines<T>(file: string): Promise<T[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
