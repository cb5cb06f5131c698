/**
 * Two-echelon capacitated VRP (2E-CVRP): model, exact first echelon, LNS. Entry for callers
 * outside solver/tiers/two-echelon/.
 */
export * from './model.ts';
export { FirstEchelon, type FirstEchelonResult } from './first-echelon.ts';
export { solveTwoEchelon, type LnsOptions } from './lns.ts';
export { evaluateSecondEchelon, type TwoEchelonCost } from './evaluate.ts';
