import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LegalHold } from './legal-hold.js';
import { planPurge, type RetentionFacts } from './plan-purge.js';
import type { RetentionPolicy } from './retention-policy.js';

const TENANT = 'ten_acme';
const NOW = new Date('2026-06-01T00:00:00.000Z');
const POLICY: RetentionPolicy = { conversationDays: 30, contactDays: 90, kbDays: 180 };
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const hold = (id: string, target: LegalHold['target'], targetId: string, releasedAt: string | null = null): LegalHold => ({
  id,
  tenantId: TENANT,
  target,
  targetId,
  ticket: 'LEGAL-1',
  createdBy: 'mem_legal',
  createdAt: daysAgo(400),
  releasedAt,
  releasedBy: releasedAt === null ? null : 'mem_legal',
});

/** Ann is active (one old resolved conversation, one recent open one); Bob has been silent for 100 days. */
const FACTS: RetentionFacts = {
  contacts: [
    { id: 'ctc_ann', createdAt: daysAgo(400) },
    { id: 'ctc_bob', createdAt: daysAgo(400) },
  ],
  conversations: [
    { id: 'cnv_ann_old', contactId: 'ctc_ann', status: 'resolved', updatedAt: daysAgo(31), messageCount: 3 },
    { id: 'cnv_ann_recent_resolved', contactId: 'ctc_ann', status: 'resolved', updatedAt: daysAgo(29), messageCount: 2 },
    { id: 'cnv_ann_open', contactId: 'ctc_ann', status: 'open', updatedAt: daysAgo(200), messageCount: 1 },
    { id: 'cnv_ann_new', contactId: 'ctc_ann', status: 'open', updatedAt: daysAgo(1), messageCount: 1 },
    { id: 'cnv_bob_open', contactId: 'ctc_bob', status: 'open', updatedAt: daysAgo(100), messageCount: 4 },
  ],
  kbArticles: [
    { id: 'kba_old', updatedAt: daysAgo(181) },
    { id: 'kba_fresh', updatedAt: daysAgo(10) },
  ],
  holds: [],
};

describe('planPurge', () => {
  it('deletes resolved conversations past their period and inactive contacts with all their conversations', () => {
    const plan = planPurge(TENANT, POLICY, FACTS, NOW);
    expect(plan.conversations.map((c) => [c.id, c.reason])).toEqual([
      ['cnv_ann_old', 'resolved-expired'],
      ['cnv_bob_open', 'contact-inactive'],
    ]);
    expect(plan.contacts).toEqual([{ id: 'ctc_bob' }]);
    expect(plan.kbArticles.map((a) => a.id)).toEqual(['kba_old']);
    expect(plan.heldBack).toEqual([]);
    expect(plan.conversationsBefore).toBe(daysAgo(30));
    expect(plan.contactsInactiveSince).toBe(daysAgo(90));
  });

  it('keeps articles when the policy has no knowledge-base period', () => {
    expect(planPurge(TENANT, { ...POLICY, kbDays: null }, FACTS, NOW).kbArticles).toEqual([]);
  });

  it.each([
    ['a tenant hold keeps everything', [hold('lgh_t', 'tenant', TENANT)], [], [], ['conversation:cnv_ann_old', 'conversation:cnv_bob_open', 'contact:ctc_bob', 'kb-article:kba_old']],
    ['a contact hold keeps the contact and all their conversations', [hold('lgh_c', 'contact', 'ctc_bob')], ['cnv_ann_old'], [], ['conversation:cnv_bob_open', 'contact:ctc_bob']],
    ['a conversation hold keeps it, and its contact with it', [hold('lgh_v', 'conversation', 'cnv_bob_open')], ['cnv_ann_old'], [], ['conversation:cnv_bob_open', 'contact:ctc_bob']],
    ['a released hold keeps nothing', [hold('lgh_r', 'tenant', TENANT, daysAgo(1))], ['cnv_ann_old', 'cnv_bob_open'], ['ctc_bob'], []],
    ["another tenant's hold keeps nothing", [{ ...hold('lgh_x', 'tenant', 'ten_other'), tenantId: 'ten_other' }], ['cnv_ann_old', 'cnv_bob_open'], ['ctc_bob'], []],
  ])('%s', (_, holds, conversations, contacts, heldBack) => {
    const plan = planPurge(TENANT, POLICY, { ...FACTS, holds }, NOW);
    expect(plan.conversations.map((c) => c.id)).toEqual(conversations);
    expect(plan.contacts.map((c) => c.id)).toEqual(contacts);
    expect(plan.heldBack.map((h) => `${h.kind}:${h.id}`)).toEqual(heldBack);
    for (const held of plan.heldBack) expect(held.holdIds.length).toBeGreaterThan(0);
  });

  const arbitraryFacts = fc
    .record({
      contacts: fc.integer({ min: 1, max: 5 }),
      conversations: fc.array(fc.record({ contact: fc.nat(4), resolved: fc.boolean(), age: fc.integer({ min: 0, max: 400 }) }), { maxLength: 12 }),
      holds: fc.array(fc.record({ target: fc.constantFrom('tenant', 'contact', 'conversation' as const), index: fc.nat(11), released: fc.boolean() }), { maxLength: 3 }),
      contactAges: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 5, maxLength: 5 }),
    })
    .map(({ contacts, conversations, holds, contactAges }): RetentionFacts => {
      const contactIds = Array.from({ length: contacts }, (_, index) => `ctc_${index}`);
      const rows = conversations.map((c, index) => ({
        id: `cnv_${index}`,
        contactId: contactIds[c.contact % contacts]!,
        status: c.resolved ? 'resolved' : 'open',
        updatedAt: daysAgo(c.age),
        messageCount: 1,
      }));
      return {
        contacts: contactIds.map((id, index) => ({ id, createdAt: daysAgo(Math.max(contactAges[index]!, ...conversations.filter((c) => c.contact % contacts === index).map((c) => c.age))) })),
        conversations: rows,
        kbArticles: [],
        holds: holds.map((h, index) =>
          hold(`lgh_${index}`, h.target, h.target === 'tenant' ? TENANT : h.target === 'contact' ? contactIds[h.index % contacts]! : (rows[h.index % Math.max(rows.length, 1)]?.id ?? 'cnv_none'), h.released ? daysAgo(1) : null),
        ),
      };
    });

  it('never plans to delete what a hold in force covers, nor a contact that keeps a conversation', () => {
    fc.assert(
      fc.property(arbitraryFacts, (facts) => {
        const plan = planPurge(TENANT, POLICY, facts, NOW);
        const active = facts.holds.filter((h) => h.releasedAt === null);
        const tenantHeld = active.some((h) => h.target === 'tenant');
        const planned = new Set(plan.conversations.map((c) => c.id));
        for (const conversation of plan.conversations) {
          expect(tenantHeld).toBe(false);
          expect(active.some((h) => h.targetId === conversation.id || h.targetId === conversation.contactId)).toBe(false);
          const row = facts.conversations.find((c) => c.id === conversation.id)!;
          expect(row.status === 'resolved' ? row.updatedAt < plan.conversationsBefore : conversation.reason === 'contact-inactive').toBe(true);
        }
        for (const contact of plan.contacts) {
          expect(active.some((h) => h.target === 'tenant' || h.targetId === contact.id)).toBe(false);
          const left = facts.conversations.filter((c) => c.contactId === contact.id && !planned.has(c.id));
          expect(left).toEqual([]);
        }
        const decided = [...plan.conversations.map((c) => c.id), ...plan.contacts.map((c) => c.id), ...plan.heldBack.map((h) => h.id)];
        expect(new Set(decided).size).toBe(decided.length);
      }),
    );
  });
});
