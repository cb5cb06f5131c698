/**
 * The solver's one seeded PRNG. The solver never calls Math.random: same seed and iteration budget
 * → same result.
 */

/**
 * The generator behind an `Rng`:
 * - `'xoshiro128**'` (default; Blackman & Vigna 2018, "Scrambled linear pseudorandom number
 *   generators"), seeded through splitmix32 so that any 32-bit seed gives a well-mixed state. Used
 *   by `solve` and everything else under solver/.
 * - `'mulberry32'` (Tommy Ettinger, public domain): used only by the 2E-CVRP benchmark search
 *   (tiers/two-echelon), so that it reproduces the sequences, and the benchmark results, it was
 *   measured with.
 */
export type RngGenerator = 'xoshiro128**' | 'mulberry32';

/** A seeded generator of uniform floats, integers and shuffles. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** True for the mulberry32 stream (state in `s0`). */
  private readonly mulberry: boolean;

  /** @param seed any integer; 0 is fine. @param generator the stream (default xoshiro128**). */
  constructor(seed: number, generator: RngGenerator = 'xoshiro128**') {
    this.mulberry = generator === 'mulberry32';
    if (this.mulberry) {
      this.s0 = (seed | 0) ^ 0x9e3779b9;
      this.s1 = this.s2 = this.s3 = 0;
      return;
    }
    let x = seed >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    if (this.mulberry) {
      this.s0 = (this.s0 + 0x6d2b79f5) | 0;
      let t = this.s0;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    }
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** In-place Fisher–Yates shuffle (from the last element down); returns `a`. */
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

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
