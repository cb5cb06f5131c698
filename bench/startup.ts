/**
 * Start-up time of the `rural-dispatch` command, as a benchmark (figures, not a test):
 * - `node bin/rural-dispatch.js --help`, wall time from spawn to exit, several runs;
 * - `node bin/rural-dispatch.js serve` on an empty embedded database (a fresh temporary --data
 *   directory, a free port, no DATABASE_URL / REDIS_URL), wall time from spawn until `GET /readyz`
 *   answers 200 (database and queue reachable). The first start imports the demo county and
 *   enqueues its first plan in the background; the figure shows whether that delays readiness;
 * - the same `serve` started again on that data directory (the database exists: no initialisation).
 *
 *   npm run bench:startup                          # 7 --help runs, 3 serve runs, this checkout
 *   npm run bench:startup -- --help-runs 11 --serve-runs 5 --root ../other-checkout
 *
 * Prints min / median / max per figure and one JSON line; for serve also the CPU seconds (user +
 * system, all threads, Linux /proc) serve had used when it became ready, which a busy machine
 * inflates much less than wall time. Run `npm run build` first (the bin runs
 * the compiled code); on a checkout whose bin runs the TypeScript sources it measures those.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    root: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
    'help-runs': { type: 'string', default: '7' },
    'serve-runs': { type: 'string', default: '3' },
    'timeout-seconds': { type: 'string', default: '120' },
  },
});
const ROOT = path.resolve(args.root);
const BIN = path.join(ROOT, 'bin/rural-dispatch.js');
const HELP_RUNS = Number(args['help-runs']);
const SERVE_RUNS = Number(args['serve-runs']);
const TIMEOUT_MS = Number(args['timeout-seconds']) * 1000;

/** Environment without the variables that would switch serve to Postgres / Redis. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'RD_DB_SCHEMA', 'RD_DISPATCH_AT', 'PORT', 'HOST']) delete env[k];
  return env;
}

/** Wall seconds of one `--help` run (spawn to exit). */
function helpOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, '--help'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const s = (performance.now() - t0) / 1000;
      if (code === 0) resolve(s);
      else reject(new Error(`--help exited ${code}: ${err}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * CPU seconds (user + system, all threads) a live process has used so far, from /proc on Linux
 * (clock ticks of 1/100 s); NaN elsewhere. Less sensitive than wall time to a busy machine.
 */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Wall seconds from spawning `serve` on `data` until /readyz answers 200, and the CPU seconds serve used by then; then stops it. */
async function serveOnce(data: string): Promise<{ wall: number; cpu: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data', data], {
    cwd: ROOT,
    env: cleanEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  let exited: number | null | undefined;
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  child.on('exit', (code) => (exited = code));
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`serve exited ${exited} before it was ready: ${err}`);
      if (performance.now() - t0 > TIMEOUT_MS) throw new Error(`serve not ready after ${TIMEOUT_MS / 1000} s: ${err}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return { wall: (performance.now() - t0) / 1000, cpu: cpuSecondsOf(child.pid) };
      await sleep(25);
    }
  } finally {
    if (exited === undefined) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
  }
}

function stats(xs: number[]): { min: number; median: number; max: number; runs: number } {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { min: r(s[0]!), median: r(median), max: r(s[s.length - 1]!), runs: s.length };
}

const help: number[] = [];
await helpOnce(); // warm-up (file system cache)
for (let i = 0; i < HELP_RUNS; i++) help.push(await helpOnce());
const serve: { wall: number; cpu: number }[] = [];
const again: { wall: number; cpu: number }[] = [];
for (let i = 0; i < SERVE_RUNS; i++) {
  const data = mkdtempSync(path.join(tmpdir(), 'rd-startup-'));
  try {
    serve.push(await serveOnce(data));
    again.push(await serveOnce(data));
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

const result = {
  root: ROOT,
  node: process.version,
  help: stats(help),
  serveReady: stats(serve.map((x) => x.wall)),
  serveReadyCpu: stats(serve.map((x) => x.cpu)),
  serveAgainReady: stats(again.map((x) => x.wall)),
  serveAgainReadyCpu: stats(again.map((x) => x.cpu)),
};
const row = (name: string, s: ReturnType<typeof stats>): string =>
  `${name.padEnd(34)} ${s.min.toFixed(3)}  ${s.median.toFixed(3)}  ${s.max.toFixed(3)}  (${s.runs} runs)`;
process.stdout.write(`${'seconds'.padEnd(34)} min    median max\n`);
process.stdout.write(row('--help, wall', result.help) + '\n');
process.stdout.write(row('serve (empty data dir), wall', result.serveReady) + '\n');
process.stdout.write(row('serve (empty data dir), serve CPU', result.serveReadyCpu) + '\n');
process.stdout.write(row('serve again (same dir), wall', result.serveAgainReady) + '\n');
process.stdout.write(row('serve again (same dir), serve CPU', result.serveAgainReadyCpu) + '\n');
process.stdout.write(JSON.stringify(result) + '\n');
