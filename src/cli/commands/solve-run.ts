/**
 * The work of `rural-dispatch solve` and `bench` (declared in ./solve.ts and ./bench.ts, this module
 * is loaded when they run): solves a benchmark file and rechecks the routes with the format's own
 * checker, in double precision, independently of the solver.
 */
import { ValidationError } from '../../errors.ts';
import { solve, SolverInputError, type Objective, type ProblemInput, type RouteOutput, type SolutionOutput, type SolveOptions } from '../../../solver/index.ts';
import { checkSolomon, readSolomon, solomonToProblem } from '../formats/solomon.ts';
import { checkLilim, lilimRouteIds, lilimToProblem, readLilim } from '../formats/lilim.ts';
import { runTwoEchelon } from '../formats/two-echelon.ts';
import { runPvrp } from '../formats/pvrp.ts';

/** Result object printed by `solve`. */
export interface SolveResult {
  instance: string;
  vehicles: number;
  distance: number;
  seconds: number;
  /** Process CPU seconds spent in the solver call. */
  cpuSeconds: number;
  routes: number[][];
  feasible: boolean;
  unassigned?: { id: string; reason: string }[];
}

/** Options shared by `solve` and `bench`. */
export interface BenchmarkSolveOptions {
  readonly seconds?: number;
  readonly iterations?: number;
  readonly seed: number;
  readonly objective: Objective;
  /** Measure `seconds` in process CPU time instead of wall time (one-core budgets on a shared machine). */
  readonly cpuClock?: boolean;
}

/** Process CPU time (user + system) in milliseconds. */
export function cpuMillis(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function toSolverOptions(o: BenchmarkSolveOptions): SolveOptions {
  const clock = o.cpuClock ? { clock: cpuMillis } : {};
  if (o.seconds === undefined && o.iterations === undefined) return { seed: o.seed, maxSeconds: 10, ...clock };
  return { seed: o.seed, maxSeconds: o.seconds, maxIterations: o.iterations, ...clock };
}

/** Calls the solver, mapping its input errors to the CLI's validation error (exit 2). */
export function solveOrExplain(problem: Parameters<typeof solve>[0], opts: SolveOptions, file: string): SolutionOutput {
  try {
    return solve(problem, opts);
  } catch (err) {
    if (err instanceof SolverInputError) throw new ValidationError([{ file, field: err.field, reason: err.reason }]);
    throw err;
  }
}

/**
 * Solves `problem`, maps the routes to the file's own ids, and rechecks them with the format's
 * independent checker (double precision): the reported distance and feasibility are the checker's.
 */
function solveTimed(
  name: string,
  file: string,
  problem: ProblemInput,
  o: BenchmarkSolveOptions,
  toIds: (route: RouteOutput) => number[],
  check: (routes: number[][]) => { distance: number; feasible: boolean },
): SolveResult {
  const t0 = performance.now();
  const c0 = cpuMillis();
  const out = solveOrExplain(problem, toSolverOptions(o), file);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (cpuMillis() - c0) / 1000;
  const routes = out.routes.map(toIds);
  const chk = check(routes);
  return {
    instance: name,
    vehicles: routes.length,
    distance: round(chk.distance),
    seconds: round(seconds),
    cpuSeconds: round(cpuSeconds),
    routes,
    feasible: chk.feasible,
    ...(out.unassigned.length > 0 ? { unassigned: out.unassigned.map((u) => ({ ...u })) } : {}),
  };
}

/** Solves one Solomon/Homberger file. */
export async function solveSolomonFile(file: string, o: BenchmarkSolveOptions): Promise<SolveResult> {
  const inst = await readSolomon(file);
  return solveTimed(
    inst.name,
    file,
    solomonToProblem(inst, o.objective),
    o,
    (r) => r.steps.filter((s) => s.id !== undefined).map((s) => Number(s.id)),
    (routes) => checkSolomon(inst, routes),
  );
}

/** Solves one Li & Lim file. */
export async function solveLilimFile(file: string, o: BenchmarkSolveOptions): Promise<SolveResult> {
  const inst = await readLilim(file);
  return solveTimed(inst.name, file, lilimToProblem(inst, o.objective), o, (r) => lilimRouteIds(inst, r), (routes) => checkLilim(inst, routes));
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Options of `solve`. */
export interface SolveCliOptions extends BenchmarkSolveOptions {
  readonly format: string;
}

/** Runs `solve`: solves `file` in its format and prints the result as one JSON line. */
export async function runSolve(file: string, opts: SolveCliOptions): Promise<void> {
  let result: unknown;
  if (opts.format === 'solomon') result = await solveSolomonFile(file, opts);
  else if (opts.format === 'lilim') result = await solveLilimFile(file, opts);
  else if (opts.format === '2e') result = await runTwoEchelon(file, { seconds: opts.seconds ?? 10, seed: opts.seed });
  else if (opts.format === 'pvrp') result = await runPvrp(file, opts);
  else throw new ValidationError([{ field: '--format', reason: 'must be solomon|lilim|2e|pvrp' }]);
  process.stdout.write(JSON.stringify(result) + '\n');
}
