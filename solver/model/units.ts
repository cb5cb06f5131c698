/**
 * Units and scale factors.
 *
 * The issue asks for integer internal units with scale factors. For the benchmark convention
 * (Euclidean distances in double precision, windows checked exactly) a scaled-and-rounded matrix
 * can return plans that miss a due time by a few hundredths once rechecked (the VROOM baseline in
 * ../shared/benchmarks/README.md §4.2 shows it on R107 and R112). We therefore keep times, loads and
 * distances as IEEE doubles in typed arrays (Float64Array) — exact for integer inputs up to 2^53,
 * so integer caller units (metres, seconds, kg) are handled as exactly as a scaled integer solver
 * would, and fractional benchmark distances are summed in the same order the checker sums them.
 * Branded aliases document which quantity a number carries.
 */

/** A distance in the caller's unit (km, plane units). */
export type Distance = number & { readonly __unit?: 'distance' };
/** A time or duration in the caller's unit (minutes, seconds). */
export type Time = number & { readonly __unit?: 'time' };
/** An amount on one capacity dimension. */
export type Amount = number & { readonly __unit?: 'amount' };
/** An objective value. */
export type Cost = number & { readonly __unit?: 'cost' };

/** Safety margin used when a feasibility test relies on subtraction (backward latest-start times),
 * so that an accepted move stays feasible when the route is re-simulated forward. */
export const TIME_EPS = 1e-7;
