/**
 * Two-echelon capacitated VRP (2E-CVRP): model, exact first echelon, LNS. Entry for callers
 * outside solver/tiers/two-echelon/.
 *
 * A benchmark module: it solves the Perboli et al. 2E-CVRP sets (`solve --format 2e`,
 * `npm run bench:2e`) and is not used by the timetable planner or dispatch, which route every tier
 * with `solve()`. It shares the solver's `Rng` (util/rng.ts, mulberry32 stream so that its
 * measured results stay reproducible) and `SolverInputError`, but keeps its own model and route
 * evaluation: a 2E route is a plain Euclidean capacity-only tour from a satellite, and the first
 * echelon an exact split-delivery problem over satellite loads, neither of which fits the routing
 * model's vehicles, windows and load segments (solver/model, solver/solution) without a detour.
 */
export * from './model.ts';
export { FirstEchelon, type FirstEchelonResult } from './first-echelon.ts';
export { solveTwoEchelon, type LnsOptions } from './lns.ts';
export { evaluateSecondEchelon, type TwoEchelonCost } from './evaluate.ts';
