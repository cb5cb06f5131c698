/** Random small problems for property tests, generated from a seed with the solver's own PRNG. */
import type { JobInput, ProblemInput, ShipmentInput, VehicleTypeInput } from '../../solver/index.ts';
import { Rng } from '../../solver/util/rng.ts';
import { matrix } from './fixtures.ts';

/** A random problem from a seed (a fast-check integer), built with our own PRNG. `deliveriesOnly`
 * turns every job into a delivery and drops the shipments (the same random draws are made, so the
 * rest of the problem is the one the seed gives otherwise). */
export function randomProblem(
  seed: number,
  objective: 'cost' | 'distance',
  durationLimits: boolean,
  deliveriesOnly = false,
): ProblemInput {
  const rng = new Rng(seed);
  const nLoc = 3 + rng.int(12);
  const pts: [number, number][] = [];
  for (let i = 0; i < nLoc; i++) pts.push([rng.int(50), rng.int(50)]);
  const dims = 1 + rng.int(2);
  const win = (): [number, number][] => {
    const x = rng.next();
    if (x < 0.3) return [];
    const a = rng.int(150);
    if (x < 0.8) return [[a, a + 20 + rng.int(100)]];
    return [[a, a + 15], [a + 40, a + 80 + rng.int(60)]];
  };
  const dem = (): number[] => Array.from({ length: dims }, () => rng.int(6));
  const jobs: JobInput[] = [];
  const nJobs = 2 + rng.int(10);
  for (let i = 0; i < nJobs; i++) {
    jobs.push({
      id: `j${i}`,
      kind: rng.next() < 0.7 || deliveriesOnly ? 'delivery' : 'pickup',
      location: 1 + rng.int(nLoc - 1),
      demand: dem(),
      service: rng.int(5),
      timeWindows: win(),
      ...(rng.next() < 0.15 ? { requires: ['cold'] } : {}),
    });
  }
  const shipments: ShipmentInput[] = [];
  const drawnShips = rng.int(3);
  const nShip = deliveriesOnly ? 0 : drawnShips;
  for (let i = 0; i < nShip; i++) {
    shipments.push({
      id: `s${i}`,
      pickup: { location: 1 + rng.int(nLoc - 1), service: rng.int(4), timeWindows: win() },
      delivery: { location: 1 + rng.int(nLoc - 1), service: rng.int(4), timeWindows: win() },
      demand: dem(),
    });
  }
  const types: VehicleTypeInput[] = [0, 1].map((t) => ({
    id: `t${t}`,
    count: 2 + rng.int(3),
    startLocation: t === 0 ? 0 : rng.int(nLoc),
    endLocation: t === 0 ? 0 : rng.int(nLoc),
    capacity: Array.from({ length: dims }, () => 6 + rng.int(15)),
    shiftStart: 0,
    shiftEnd: 300 + rng.int(200),
    ...(durationLimits && rng.next() < 0.5 ? { maxDuration: 120 + rng.int(200) } : {}),
    fixedCost: rng.int(30),
    costPerDistance: 1 + rng.int(3),
    costPerDuration: durationLimits ? rng.int(2) : 0,
    attributes: t === 1 ? ['cold'] : [],
  }));
  const m = matrix(pts);
  return { locations: nLoc, distance: m, duration: m, dimensions: dims, vehicleTypes: types, jobs, shipments, objective };
}
