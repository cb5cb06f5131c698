/**
 * Numbers and units.
 *
 * The solver is unit-agnostic: the caller picks one unit per quantity (times and durations in
 * minutes or seconds, distances in metres, kilometres or plane units, amounts per capacity
 * dimension) and uses it consistently across the matrices, windows, shifts, demands and
 * capacities; nothing is converted inside, so no unit types are carried (typing them as branded
 * numbers would only restate the caller's choice without checking it).
 *
 * Times, loads and distances are IEEE doubles in typed arrays (Float64Array), not integers with
 * scale factors. For the benchmark convention (Euclidean distances in double precision, windows
 * checked exactly) a scaled-and-rounded matrix can return plans that miss a due time by a few
 * hundredths once rechecked (VROOM 1.14 does so on R107 and R112). Doubles are exact for integer inputs up to 2^53, so integer caller units
 * (metres, seconds, kg) are handled as exactly as a scaled integer solver would, and fractional
 * benchmark distances are summed in the same order the checker sums them.
 */

/** Safety margin used when a feasibility test relies on subtraction (backward latest-start times),
 * so that an accepted move stays feasible when the route is re-simulated forward. */
export const TIME_EPS = 1e-7;
