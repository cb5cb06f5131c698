/**
 * Periodic VRP: choose each customer's visit days from its allowed patterns and route every day
 * (model.ts, search.ts). Entry for callers outside solver/periodic/.
 */
export type { PeriodicCustomer, PeriodicDay, PeriodicInstance } from './model.ts';
export {
  DEFAULT_PERIODIC_PARAMS,
  solvePeriodic,
  type PeriodicOptions,
  type PeriodicParams,
  type PeriodicRoute,
  type PeriodicSolution,
} from './search.ts';
