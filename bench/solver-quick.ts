// Quick tuning harness: node --import tsx bench/solver-quick.ts <iterations> <objective> files...
import { readSolomon, solomonToProblem, checkSolomon } from '../src/cli/formats/solomon.ts';
import { solve } from '../solver/index.ts';
import { readFileSync } from 'node:fs';

const [iters, objective, ...files] = process.argv.slice(2);
const bks = new Map<string, string[]>();
for (const line of readFileSync('../shared/benchmarks/solomon/bks.csv', 'utf8').trim().split('\n').slice(1)) {
  const f = line.split(',');
  bks.set(f[0]!, f);
}
let sumGap = 0;
const T0 = Date.now();
for (const file of files) {
  const inst = await readSolomon(file);
  const t0 = Date.now();
  const out = solve(solomonToProblem(inst, objective as 'distance'), { maxIterations: Number(iters), seed: Number(process.env.SEED ?? 1) }, { params: JSON.parse(process.env.PARAMS ?? '{}') });
  const routes = out.routes.map((r) => r.steps.filter((s) => s.id !== undefined).map((s) => Number(s.id)));
  const chk = checkSolomon(inst, routes);
  const b = bks.get(inst.name)!;
  const ref = objective === 'hierarchical' ? Number(b[2]) : Number(b[5]);
  const gap = (chk.distance / ref - 1) * 100;
  sumGap += gap;
  console.log(inst.name, out.vehicles, b[objective === 'hierarchical' ? 1 : 4], chk.distance.toFixed(2), gap.toFixed(2) + '%', chk.feasible ? 'ok' : chk.errors.slice(0, 2).join(';'), ((Date.now() - t0) / 1000).toFixed(1) + 's', out.iterations);
}
console.log('mean gap', (sumGap / files.length).toFixed(3), 'total s', ((Date.now() - T0) / 1000).toFixed(1));
