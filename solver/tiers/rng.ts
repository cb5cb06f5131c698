/**
 * Seeded pseudo-random numbers for the tier algorithms: mulberry32 (Tommy Ettinger, public domain),
 * a 32-bit state generator that is fast, small and good enough for search randomisation.
 * Same seed → same sequence, so every search in solver/tiers/ is deterministic for a seed.
 */

/** A seeded generator; `next()` returns a float in [0, 1). */
export class Rng {
  private state: number;

  /** `seed` is any integer; 0 is allowed. */
  constructor(seed: number) {
    this.state = (seed | 0) ^ 0x9e3779b9;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}
