/**
 * A bounded cache of computed coverage (least recently used entry evicted first). Keys carry the
 * request's parameters and the version stamp of its inputs (`ActualsRepository.coverageVersion`),
 * so a new timetable, import or scan gives a new key and the stale entry simply ages out. Counts
 * hits and misses for metrics and tests.
 */

/** Hit/miss counts of a cache. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

/** A least-recently-used cache of at most `capacity` entries. */
export class CoverageCache<V> {
  private readonly entries = new Map<string, V>();
  private hitCount = 0;
  private missCount = 0;

  constructor(
    readonly capacity = 100,
    private readonly onLookup?: (hit: boolean) => void,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`cache capacity must be a positive integer, got ${capacity}`);
  }

  /** The cached value of `key`, or the value `compute` gives (stored unless it throws). */
  async getOrCompute(key: string, compute: () => Promise<V> | V): Promise<V> {
    const found = this.entries.get(key);
    if (found !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, found);
      this.hitCount++;
      this.onLookup?.(true);
      return found;
    }
    this.missCount++;
    this.onLookup?.(false);
    const value = await compute();
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Hit/miss counts and the current size. */
  stats(): CacheStats {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }
}
