/**
 * Independent checker of periodic VRP plans for the tests: it reads the instance text itself (no
 * project parser) and the plan `[{day, customers}]`, and recomputes everything: each customer is
 * visited on exactly the days of one allowed combination (t-bit string, day 1 leftmost), at most m
 * routes per day, load <= Q and travel + service <= D (when D > 0) per route, and the total distance.
 */

export interface CheckedPlan {
  readonly cost: number;
  readonly errors: string[];
}

interface Inst {
  m: number;
  n: number;
  t: number;
  D: number[];
  Q: number[];
  x: number[];
  y: number[];
  service: number[];
  demand: number[];
  combos: number[][];
}

function parse(text: string): Inst {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/).map(Number));
  const [, m, n, t] = rows[0]!;
  const inst: Inst = { m: m!, n: n!, t: t!, D: [], Q: [], x: [], y: [], service: [], demand: [], combos: [] };
  for (let d = 0; d < t!; d++) {
    inst.D.push(rows[1 + d]![0]!);
    inst.Q.push(rows[1 + d]![1]!);
  }
  for (let i = 0; i <= n!; i++) {
    const r = rows[1 + t! + i]!;
    inst.x.push(r[1]!);
    inst.y.push(r[2]!);
    inst.service.push(r[3]!);
    inst.demand.push(r[4]!);
    inst.combos.push(r.slice(7, 7 + r[6]!));
  }
  return inst;
}

/** Checks `routes` against the instance text. */
export function checkPlan(instanceText: string, routes: readonly { day: number; customers: readonly number[] }[]): CheckedPlan {
  const I = parse(instanceText);
  const errors: string[] = [];
  const daysOf: number[][] = Array.from({ length: I.n + 1 }, () => []);
  const routesPerDay = new Map<number, number>();
  const d = (a: number, b: number): number => Math.sqrt((I.x[a]! - I.x[b]!) ** 2 + (I.y[a]! - I.y[b]!) ** 2);
  let cost = 0;
  for (const r of routes) {
    if (!(r.day >= 1 && r.day <= I.t)) {
      errors.push(`bad day ${r.day}`);
      continue;
    }
    routesPerDay.set(r.day, (routesPerDay.get(r.day) ?? 0) + 1);
    let prev = 0;
    let len = 0;
    let load = 0;
    let svc = 0;
    for (const c of r.customers) {
      if (!(c >= 1 && c <= I.n)) {
        errors.push(`bad customer ${c}`);
        continue;
      }
      len += d(prev, c);
      load += I.demand[c]!;
      svc += I.service[c]!;
      daysOf[c]!.push(r.day);
      prev = c;
    }
    len += d(prev, 0);
    cost += len;
    if (load > I.Q[r.day - 1]! + 1e-9) errors.push(`day ${r.day}: load ${load} > ${I.Q[r.day - 1]}`);
    const D = I.D[r.day - 1]!;
    if (D > 0 && len + svc > D + 1e-6) errors.push(`day ${r.day}: duration ${len + svc} > ${D}`);
  }
  for (const [day, k] of routesPerDay) if (k > I.m) errors.push(`day ${day}: ${k} routes > ${I.m}`);
  for (let c = 1; c <= I.n; c++) {
    const mask = daysOf[c]!.reduce((s, day) => s + 2 ** (I.t - day), 0);
    const distinct = new Set(daysOf[c]).size === daysOf[c]!.length;
    if (!distinct || !I.combos[c]!.includes(mask)) errors.push(`customer ${c}: days [${daysOf[c]!.join(',')}] not an allowed combination`);
  }
  return { cost, errors };
}

/** Reads a `.res` file of the 1997 solutions: `day vehicle duration load 0 c1 … 0` per route line. */
export function readRes(text: string): { cost: number; routes: { day: number; customers: number[] }[] } {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const routes = lines.slice(1).map((l) => {
    const f = l.split(/\s+/).map(Number);
    return { day: f[0]!, customers: f.slice(5, -1) };
  });
  return { cost: Number(lines[0]), routes };
}
