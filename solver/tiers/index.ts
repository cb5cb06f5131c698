/**
 * Entry of solver/tiers/: the tier algorithms (weekday patterns, sweep split, time slots, lead time)
 * and the two-echelon CVRP. Meant to be re-exported by solver/index.ts (`export * from
 * './tiers/index.ts'`), the only solver module src/ may import (enforced by test/architecture.test.ts).
 */
export * from './patterns.ts';
export * from './two-echelon/index.ts';
