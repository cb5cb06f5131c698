/** Paths of the benchmark fixtures copied into the repo (see test/fixtures/benchmarks/README.md). */
import path from 'node:path';

export const BENCHMARKS = path.resolve(import.meta.dirname, '../fixtures/benchmarks');
export const SOLOMON_DIR = path.join(BENCHMARKS, 'solomon');
export const SOLOMON_BKS = path.join(SOLOMON_DIR, 'bks.csv');
export const LILIM_DIR = path.join(BENCHMARKS, 'lilim');
export const TWO_ECHELON_DIR = path.join(BENCHMARKS, '2echelon');
