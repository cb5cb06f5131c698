// Periodic VRP benchmark (Cordeau, Gendreau & Laporte 1997 instances):
//   tsx bench/pvrp.ts [DIR] [--seconds S] [--iterations N] [--seed N] [--wall] [--only p01,pr02] [--params JSON]
// Solves every file of DIR/instances in turn, one core, and prints per-instance cost, BKS (DIR/bks.csv)
// and gap, then the mean gap. The budget is process CPU time per instance unless --wall.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { solvePvrpFile } from '../src/cli/formats/pvrp.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = args[0] && !args[0].startsWith('--') ? args[0] : '../shared/benchmarks/pvrp';
const seconds = opt('seconds') !== undefined ? Number(opt('seconds')) : undefined;
const iterations = opt('iterations') !== undefined ? Number(opt('iterations')) : undefined;
const seed = Number(opt('seed') ?? 1);
const wall = args.includes('--wall');
const only = opt('only')?.split(',');
const params = opt('params') !== undefined ? (JSON.parse(opt('params')!) as Record<string, unknown>) : undefined;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const files = (await readdir(join(dir, 'instances'))).filter((f) => !only || only.includes(f)).sort();
const budget = seconds === undefined && iterations === undefined ? { seconds: 60 } : { seconds, iterations };
console.log(['instance', 'cost', 'bks', 'gap%', 'feasible', 'cpu_s', 'iterations'].join('\t'));
const gaps: number[] = [];
for (const f of files) {
  const r = await solvePvrpFile(join(dir, 'instances', f), { seed, ...budget, ...(wall ? {} : { clock: cpuMs }), ...(params ? { params } : {}) });
  if (r.gapPercent !== undefined) gaps.push(r.gapPercent);
  console.log([r.instance, r.cost.toFixed(2), r.bks?.toFixed(2) ?? '?', r.gapPercent?.toFixed(3) ?? '?', r.feasible ? 'yes' : 'NO', r.cpuSeconds.toFixed(1), r.iterations].join('\t'));
}
const mean = gaps.reduce((s, g) => s + g, 0) / Math.max(1, gaps.length);
console.log(
  JSON.stringify({
    budget: budget.iterations !== undefined ? { iterations: budget.iterations, seconds: budget.seconds } : { seconds: budget.seconds },
    clock: wall ? 'wall time' : 'process CPU time',
    seed,
    instances: files.length,
    meanGapPercent: Math.round(mean * 1e4) / 1e4,
  }),
);
