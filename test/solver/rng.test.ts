/** The one solver PRNG: both generators follow their published reference algorithms. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../solver/util/rng.ts';

/** mulberry32 as published (Tommy Ettinger), with the solver's seeding. */
function mulberry32(seed: number): () => number {
  let a = (seed | 0) ^ 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Rng', () => {
  it('when built with mulberry32, then it yields the reference mulberry32 stream', () => {
    for (const seed of [0, 1, 42, -7, 2 ** 31 + 5]) {
      const ref = mulberry32(seed);
      const rng = new Rng(seed, 'mulberry32');
      for (let i = 0; i < 1000; i++) expect(rng.next()).toBe(ref());
    }
  });

  it('when two generators share a seed, then their streams differ and each is reproducible', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    const m = new Rng(5, 'mulberry32');
    const xs = Array.from({ length: 20 }, () => a.nextU32());
    expect(Array.from({ length: 20 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => m.nextU32())).not.toEqual(xs);
  });

  it('when shuffling, then the result is a permutation and int(n) stays in [0, n)', () => {
    const rng = new Rng(9);
    const a = rng.shuffle([...Array(50).keys()]);
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(7);
      expect(k >= 0 && k < 7 && Number.isInteger(k)).toBe(true);
    }
  });
});
