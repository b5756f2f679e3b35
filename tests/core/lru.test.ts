import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/core/lru.ts';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its capacity', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1).set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3); // evicts b
    expect(c.has('b')).toBe(false);
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('replaces a value without growing, and stays bounded under many keys', () => {
    const c = new LruCache<number, number>(3);
    for (let i = 0; i < 10_000; i++) c.set(i % 5, i);
    expect(c.size).toBe(3);
    expect(c.get(4)).toBe(9999);
    expect(c.get(0)).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
    expect(() => new LruCache(1.5)).toThrow(RangeError);
  });
});
