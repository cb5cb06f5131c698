/**
 * Typed input errors of the solver. Bad input (a negative demand, a window that closes before it
 * opens, a dangling location index) is an exception naming the field and the rule; an unservable
 * but well-formed stop is not an error and comes back in `SolutionOutput.unassigned` instead.
 * Every rejection of input anywhere under solver/ (the routing model, the tier algorithms and the
 * 2E-CVRP search) throws this class.
 */

/** Input that violates the contract of a solver entry point (`ProblemInput` / `SolveOptions`, a
 * 2E-CVRP instance or its options, a tier function's arguments). The CLI maps it to exit 2. */
export class SolverInputError extends Error {
  /**
   * @param field JSON path of the offending value, e.g. `jobs[3].demand[0]`.
   * @param reason the rule it breaks, e.g. `must be >= 0`.
   */
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'SolverInputError';
  }
}
