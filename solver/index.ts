/**
 * The routing solver: the only module the rest of the code base imports from `solver/`.
 *
 * `solve(problem, options)` handles VRPTW with deliveries and pickups on one route, paired
 * shipments (pickup before delivery), several time windows per stop, multi-dimensional capacity,
 * a mixed fleet with per-type depots, shifts, maximum duration and costs, attributes, optional
 * stops with penalties, and the `cost`, `distance` and `hierarchical` objectives. See
 * docs/solver.md for the design and the benchmark figures.
 */
export { solve } from './algorithm/solve.ts';
export type { SolveTuning } from './algorithm/solve.ts';
export type { SearchParams } from './algorithm/context.ts';
export { DEFAULT_PARAMS } from './algorithm/context.ts';
export { SolverInputError } from './errors.ts';
export type * from './model/input.ts';

/** Tiers: mode choice, weekday patterns, synchronisation and the 2E-CVRP search (solver/tiers/). */
export * from './tiers/index.ts';

/** Periodic VRP: visit-day patterns and daily routes (solver/periodic/). */
export * from './periodic/index.ts';
