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

  it('evicts the oldest key when full', () => {
    const cache = new KeyCache(new ManualClock(), 1000, 2);
    cache.set('a', SecretKey.generate(1));
    cache.set('b', SecretKey.generate(2));
    cache.set('c', SecretKey.generate(3));
    expect([cache.get('a'), cache.get('b')?.version, cache.get('c')?.version]).toEqual([undefined, 2, 3]);
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
