/**
 * Seeded randomness and rounding for the dataset build. Every random stream is derived from the
 * global seed plus a purpose label, so changing one purpose does not reshuffle the others.
 */

/** Global seed; every random stream is derived from it plus a purpose label. */
export const SEED = 'rural-dispatch-2026';

/** FNV-1a 32-bit hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed the streams derive from: `SEED`, except inside `withSeed` (`county init --seed`). */
let activeSeed = SEED;

/** Runs `fn` with every random stream derived from `seed` instead of `SEED`; the build never calls it. */
export function withSeed<T>(seed: string, fn: () => T): T {
  const prev = activeSeed;
  activeSeed = seed;
  try {
    return fn();
  } finally {
    activeSeed = prev;
  }
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 seeded by the active seed and `label`. Returns floats in [0, 1). */
export function rng(label: string): () => number {
  return prng(hash32(`${activeSeed}:${label}`));
}

export const uniform = (r: () => number, lo: number, hi: number): number => lo + (hi - lo) * r();

export const round = (x: number, d: number): number => {
  const f = 10 ** d;
  return Math.round(x * f) / f;
};
