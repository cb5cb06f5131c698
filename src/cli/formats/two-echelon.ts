/**
 * `rural-dispatch solve FILE --format 2e`: reads a 2E-CVRP instance in the unified format
 * (../shared/benchmarks/2echelon/README.md) and returns the contract object
 * `{instance, cost, firstEchelon, secondEchelon, seconds}`. Owned by the timetable/two-echelon work.
 */
export interface TwoEchelonCliOptions {
  readonly seconds: number;
  readonly seed: number;
}

export async function runTwoEchelon(file: string, opts: TwoEchelonCliOptions): Promise<Record<string, unknown>> {
  void file;
  void opts;
  throw new Error('--format 2e is not implemented yet');
}
