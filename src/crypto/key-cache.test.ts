import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { KeyCache } from './key-cache.js';
import { SecretKey } from './secret-key.js';

describe('KeyCache', () => {
  it('forgets a key once its time to live has passed', () => {
    const clock = new ManualClock();
    const cache = new KeyCache(clock, 1000, 10);
    const key = SecretKey.generate(1);
    cache.set('a', key);
    clock.advance(999);
    expect(cache.get('a')).toBe(key);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the least recently used key when full', () => {
    const cache = new KeyCache(new ManualClock(), 1000, 2);
    cache.set('a', SecretKey.generate(1));
    cache.set('b', SecretKey.generate(2));
    cache.get('a');
    cache.set('c', SecretKey.generate(3));
    expect([cache.get('a')?.version, cache.get('b'), cache.get('c')?.version]).toEqual([1, undefined, 3]);
  });

  it('keeps a key used on every request while others stream through', () => {
    const cache = new KeyCache(new ManualClock(), 1000, 3);
    const tenantKey = SecretKey.generate(1);
    cache.set('tenant', tenantKey);
    for (let contact = 0; contact < 20; contact++) {
      expect(cache.get('tenant'), `before contact ${contact}`).toBe(tenantKey);
      cache.set(`contact-${contact}`, SecretKey.generate(2));
    }
    expect(cache.get('tenant')).toBe(tenantKey);
    expect(cache.stats()).toEqual({ hits: 21, misses: 0, expired: 0, evicted: 18, size: 3 });
  });

  it('keeps the expiry a key was set with when a hit makes it the most recently used', () => {
    const clock = new ManualClock();
    const cache = new KeyCache(clock, 1000, 10);
    cache.set('a', SecretKey.generate(1));
    clock.advance(999);
    cache.get('a');
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets everything on clear', () => {
    const cache = new KeyCache(new ManualClock(), 1000, 2);
    cache.set('a', SecretKey.generate(1));
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });

  it('counts hits, misses, expirations and evictions', () => {
    const clock = new ManualClock();
    const cache = new KeyCache(clock, 1000, 2);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', SecretKey.generate(1));
    cache.get('a');
    cache.get('a');
    cache.set('b', SecretKey.generate(2));
    cache.set('c', SecretKey.generate(3));
    expect(cache.get('a'), 'evicted').toBeUndefined();
    clock.advance(1000);
    expect(cache.get('b'), 'expired').toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 2, misses: 3, expired: 1, evicted: 1, size: 1 });
  });
});
