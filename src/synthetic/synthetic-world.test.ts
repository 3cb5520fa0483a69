import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../privacy/index.js';
import { generateSyntheticWorld } from './synthetic-world.js';

const options = { seed: 7, tenants: 3, conversationsPerTenant: 14 };

describe('generateSyntheticWorld', () => {
  it('makes the same world from the same seed and another from another seed', () => {
    expect(generateSyntheticWorld(options)).toEqual(generateSyntheticWorld(options));
    expect(generateSyntheticWorld({ ...options, seed: 8 }).tenants[0]?.name).not.toBe(generateSyntheticWorld(options).tenants[0]?.name);
  });

  it('gives each tenant an owner first, distinct staff e-mail addresses, articles and the asked number of conversations', () => {
    const world = generateSyntheticWorld(options);
    expect(world.tenants).toHaveLength(3);
    for (const tenant of world.tenants) {
      expect(tenant.members[0]?.role).toBe('owner');
      expect(tenant.members.map((member) => member.role)).toEqual(expect.arrayContaining(['admin', 'agent', 'security', 'auditor']));
      expect(new Set(tenant.members.map((member) => member.email)).size).toBe(tenant.members.length);
      expect(new Set(tenant.articles.map((article) => article.sourceId)).size).toBe(tenant.articles.length);
      expect(tenant.articles.length).toBeGreaterThanOrEqual(5);
      expect(tenant.conversations).toHaveLength(14);
      expect(new Set(tenant.conversations.map((conversation) => conversation.channel))).toEqual(new Set(['widget', 'email']));
      for (const conversation of tenant.conversations) {
        expect(conversation.contact.email).toMatch(/^[^@\s]+@mail\.example$/);
        if (conversation.channel === 'widget') expect(conversation.followUps).toEqual([]);
        else expect(conversation.followUps.length).toBeGreaterThan(0);
      }
    }
  });

  it('writes personal data into customer messages the way real customers do, so redaction has something to find', () => {
    const detector = createPiiDetector();
    const messages = generateSyntheticWorld(options).tenants.flatMap((tenant) => tenant.conversations.flatMap((conversation) => [conversation.opening, ...conversation.followUps.map((turn) => turn.body)]));
    const types = new Set(messages.flatMap((text) => detector.detect(text).map((finding) => finding.type)));
    expect([...types]).toEqual(expect.arrayContaining(['PERSON', 'PHONE', 'EMAIL', 'STREET_ADDRESS']));
  });
});
