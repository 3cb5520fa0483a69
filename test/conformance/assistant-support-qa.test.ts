import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conformanceDir } from './conformance-dir.js';
import { ORDINARY_INTENTS, scoreBitextRouting, scoreFaqRetrieval, SENSITIVE_INTENTS, shareWithReason, type FaqReport, type IntentTallies } from './support-qa-scoring.js';

/**
 * The assistant on third-party support data (`<conformanceDir>/support_qa/`): the deterministic
 * handoff rules on Bitext's 4,514 labelled requests, and retrieval and answering on COVID-QA's
 * FAQ bank. The floors sit a little under today's figures (docs/assistant.md).
 */
const dir = conformanceDir();
const available = existsSync(path.join(dir, 'support_qa', 'bitext_customer_support_4514.jsonl'));

describe.skipIf(!available)('assistant conformance: Bitext handoff rules', () => {
  let tallies: IntentTallies;
  beforeAll(async () => {
    tallies = await scoreBitextRouting(dir);
  });

  it('routes at least 96 % of refund, money, cancellation and account-change requests to a human', () => {
    expect(shareWithReason(tallies, SENSITIVE_INTENTS, 'sensitive-topic')).toBeGreaterThanOrEqual(0.96);
  });

  it.each(SENSITIVE_INTENTS)('routes at least 90 %% of %s requests to a human', (intent) => {
    expect(shareWithReason(tallies, [intent], 'sensitive-topic')).toBeGreaterThanOrEqual(0.9);
  });

  it('leaves at least 99 % of ordinary requests (delivery, orders, sign-up, newsletter…) to the assistant', () => {
    expect(shareWithReason(tallies, ORDINARY_INTENTS, 'none')).toBeGreaterThanOrEqual(0.99);
  });

  it('hands over at least 95 % of requests to talk to a person', () => {
    expect(shareWithReason(tallies, ['contact_human_agent'], 'human-requested')).toBeGreaterThanOrEqual(0.95);
  });
});

describe.skipIf(!available)('assistant conformance: COVID-QA FAQ retrieval', () => {
  let report: FaqReport;
  beforeAll(async () => {
    report = await scoreFaqRetrieval(dir);
  });

  it('asks all 244 paraphrased queries', () => {
    expect(report.queries).toBe(244);
  });

  it('ranks a matching FAQ entry first for at least half the queries, and in the top 3 for 68 %', () => {
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.5);
    expect(report.hitAt3).toBeGreaterThanOrEqual(0.68);
  });

  it('cites a matching entry in at least 55 % of the answers it gives', () => {
    expect(report.answered).toBeGreaterThan(0.4);
    expect(report.answerPrecision).toBeGreaterThanOrEqual(0.55);
  });
});
