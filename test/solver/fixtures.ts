/** Tiny hand-checkable problems for the solver tests. */
import type { JobInput, ProblemInput, ShipmentInput, VehicleTypeInput } from '../../solver/index.ts';

/** Euclidean matrix over points. */
export function matrix(points: readonly (readonly [number, number])[]): number[] {
  const n = points.length;
  const m: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const [xa, ya] = points[a]!;
      const [xb, yb] = points[b]!;
      m.push(Math.sqrt((xa - xb) ** 2 + (ya - yb) ** 2));
    }
  }
  return m;
}

/** A problem over `points` (location i = points[i]) with one vehicle type by default. */
export function problem(
  points: readonly (readonly [number, number])[],
  jobs: JobInput[],
  opts: { vehicles?: Partial<VehicleTypeInput>[]; shipments?: ShipmentInput[]; objective?: ProblemInput['objective']; dimensions?: number } = {},
): ProblemInput {
  const m = matrix(points);
  const dims = opts.dimensions ?? 1;
  const vehicles: VehicleTypeInput[] = (opts.vehicles ?? [{}]).map((v, i) => ({
    id: `t${i}`,
    count: 1,
    startLocation: 0,
    endLocation: 0,
    capacity: new Array<number>(dims).fill(100),
    shiftStart: 0,
    shiftEnd: 1000,
    ...v,
  }));
  return {
    locations: points.length,
    distance: m,
    duration: m,
    dimensions: dims,
    vehicleTypes: vehicles,
    jobs,
    shipments: opts.shipments ?? [],
    objective: opts.objective ?? 'distance',
  };
}

/** A delivery job. */
export function delivery(id: string, location: number, demand = 1, extra: Partial<JobInput> = {}): JobInput {
  return { id, kind: 'delivery', location, demand: [demand], ...extra };
}

/** Ids of each route's steps in visit order. */
export function routeIds(out: { routes: readonly { steps: readonly { id?: string; type: string }[] }[] }): string[][] {
  return out.routes.map((r) => r.steps.filter((s) => s.id !== undefined).map((s) => (s.type === 'shipment_delivery' ? `${s.id}-d` : s.id!)));
}
