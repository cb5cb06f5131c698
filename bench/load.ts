/**
 * HTTP load on a real server, as a benchmark (figures, not a test; not in CI):
 * - the server runs in a child process (this file with `--serve`): express app of src/api over
 *   embedded PGlite in a temporary directory (and, in a second round, Postgres at
 *   TEST_DATABASE_URL / DATABASE_URL in a throw-away schema when reachable), the in-process queue,
 *   the demo county 630123 imported and planned with a small iteration budget, on a free port. The
 *   per-address / per-key limit (600 requests a minute by default) is raised for the run, or every
 *   phase would measure 429s;
 * - phases, each `--seconds` long with `--concurrency` requests in flight (a fetch loop of undici):
 *   1. `GET /v1/coverage?county=630123` (public): req/s, p50/p99, non-2xx;
 *   2. `POST /v1/parcels?county=630123`, 10-row JSON batches of new parcels (operator key):
 *      req/s, p99, 5xx;
 *   3. ~1,000 req/s of unauthenticated `GET /v1/parcels/LOAD/<id>` (401) while a loop of
 *      authenticated ones (operator key, concurrency 1) measures latency: their p50/p99.
 * Targets (reported, not asserted): coverage >= 500 req/s with p99 <= 100 ms; parcels >= 200 req/s,
 * p99 <= 300 ms, no 5xx.
 *
 *   npm run bench:load
 *   npm run bench:load -- --seconds 5 --concurrency 20 --iterations 200
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'pglite' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '10' },
    iterations: { type: 'string', default: '100' },
    'flood-rate': { type: 'string', default: '1000' },
  },
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COUNTY = '630123';
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// ---------------------------------------------------------------- server (child process)

async function serve(): Promise<void> {
  const { pino } = await import('pino');
  const { createApp } = await import('../src/api/app.ts');
  const { createApiKey } = await import('../src/auth/keys.ts');
  const { loadDataset } = await import('../src/domain/load-dataset.ts');
  const { importCounty, openDb, pgApiKeyRepository, saveTimetable } = await import('../src/persistence/index.ts');
  const { BUNDLED_DATASETS_DIR } = await import('../src/queue/datasets.ts');
  const { createInProcessQueue } = await import('../src/queue/in-process.ts');
  const { planTimetable } = await import('../src/timetable/index.ts');
  const { loadTravelMatrix } = await import('../src/network/travel-matrix.ts');

  const dir = args.backend === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'rd-load-')) : null;
  const schema = `bench_load_${process.pid}`;
  const db = dir ? await openDb({ dataDir: dir, useEnv: false }) : await openDb({ url: PG_URL, schema, max: 10 });
  const dsDir = path.join(BUNDLED_DATASETS_DIR, '630123-huangyuan');
  const dataset = await loadDataset(dsDir);
  await importCounty(db, dataset);
  const timetable = await planTimetable(dataset, await loadTravelMatrix(dataset, dsDir), {}, { seed: 1, iterations: Number(args.iterations) });
  await saveTimetable(db, timetable);
  const operator = (await createApiKey(pgApiKeyRepository(db), { role: 'operator', county: COUNTY })).key;
  // Jobs an ingest may request are accepted and left alone: the phases measure HTTP + database.
  const idle = new Proxy({}, { get: () => () => new Promise(() => undefined) }) as Parameters<typeof createInProcessQueue>[0];
  const queue = createInProcessQueue(idle);
  const api = createApp({ db, queue, logger: pino({ level: 'silent' }), dashboard: false, limits: { ratePerMinute: 1e9 } });
  const server = createServer(api.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, operator, backend: db.kind }) + '\n');
  const stop = async (): Promise<void> => {
    server.close();
    await queue.close();
    await db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    else {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

// ---------------------------------------------------------------- load (parent)

interface Phase {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly s5xx: number;
}

/** A parcel the parcels phase created (batch 0, row 0), read by key in the flood phase. */
const TRACKED = `/v1/parcels/LOAD/L-${process.pid}-0-0`;

const quantile = (sorted: readonly number[], q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);

function summarise(latencies: number[], statuses: number[], seconds: number): Phase {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    p50: Math.round(quantile(latencies, 0.5) * 10) / 10,
    p99: Math.round(quantile(latencies, 0.99) * 10) / 10,
    non2xx: statuses.filter((s) => s < 200 || s > 299).length,
    s5xx: statuses.filter((s) => s >= 500).length,
  };
}

type Req = () => { path: string; method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };

async function closedLoop(agent: Agent, base: string, make: Req, concurrency: number, seconds: number): Promise<Phase> {
  const latencies: number[] = [];
  const statuses: number[] = [];
  const end = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const r = make();
      const t0 = performance.now();
      const res = await request(base + r.path, { method: r.method, headers: r.headers, body: r.body, dispatcher: agent });
      await res.body.dump({ limit: Infinity });
      latencies.push(performance.now() - t0);
      statuses.push(res.statusCode);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarise(latencies, statuses, (performance.now() - t0) / 1000);
}

/** Fires `rate` requests a second (open loop) until `until` resolves; returns how many were sent and answered. */
async function flood(agent: Agent, base: string, rate: number, until: Promise<unknown>): Promise<{ sent: number; answered: number; statuses: Record<string, number> }> {
  let done = false;
  void until.then(() => (done = true));
  let sent = 0;
  let answered = 0;
  const statuses: Record<string, number> = {};
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  while (!done) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) {
      sent++;
      const p = request(base + TRACKED, { method: 'GET', dispatcher: agent })
        .then(async (res) => {
          await res.body.dump({ limit: Infinity });
          answered++;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        })
        .catch(() => undefined)
        .finally(() => pending.delete(p));
      pending.add(p);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
  return { sent, answered, statuses };
}

async function startServer(backend: string): Promise<{ child: ChildProcess; port: number; operator: string; backend: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '--backend', backend, '--iterations', args.iterations!], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (b: Buffer) => {
      buf += b.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  return { child, ...(JSON.parse(line) as { port: number; operator: string; backend: string }) };
}

async function pgReachable(): Promise<boolean> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function run(backend: string): Promise<Record<string, unknown>> {
  const seconds = Number(args.seconds);
  const concurrency = Number(args.concurrency);
  const t0 = performance.now();
  const srv = await startServer(backend);
  const setupSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const base = `http://127.0.0.1:${srv.port}`;
  const agent = new Agent({ connections: concurrency + 4 });
  try {
    const coverage = await closedLoop(agent, base, () => ({ method: 'GET', path: `/v1/coverage?county=${COUNTY}` }), concurrency, seconds);
    let batch = 0;
    const parcels = await closedLoop(
      agent,
      base,
      () => {
        const b = batch++;
        const rows = Array.from({ length: 10 }, (_, i) => ({
          carrier: 'LOAD',
          tracking_no: `L-${process.pid}-${b}-${i}`,
          dest_code: i % 2 ? '630123100001' : '630123100002',
          weight_kg: 1.5,
          volume_l: 4,
          temperature: 'ambient',
          ready_at: '2026-11-27T08:00:00+08:00',
        }));
        return { method: 'POST', path: `/v1/parcels?county=${COUNTY}`, headers: { authorization: `Bearer ${srv.operator}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) };
      },
      concurrency,
      seconds,
    );
    const floodAgent = new Agent({ connections: 64 });
    const authed = closedLoop(agent, base, () => ({ method: 'GET', path: TRACKED, headers: { authorization: `Bearer ${srv.operator}` } }), 1, seconds);
    const flooded = await flood(floodAgent, base, Number(args['flood-rate']), authed);
    await floodAgent.close();
    const auth = await authed;
    return { backend: srv.backend, setupSeconds, coverage, parcels, unauthFlood: { ratePerSecond: Number(args['flood-rate']), ...flooded, seconds }, authenticatedUnderFlood: auth };
  } finally {
    await agent.close();
    srv.child.stdin!.end();
    await new Promise((r) => srv.child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const backends = ['pglite'];
  if (await pgReachable()) backends.push('postgres');
  else process.stderr.write(`Postgres at ${PG_URL} not reachable: PGlite only\n`);
  for (const b of backends) {
    const r = await run(b);
    const c = r.coverage as Phase;
    const p = r.parcels as Phase;
    const a = r.authenticatedUnderFlood as Phase;
    process.stdout.write(
      `${b}: coverage ${c.perSecond} req/s p50 ${c.p50} ms p99 ${c.p99} ms non-2xx ${c.non2xx} (target >= 500, p99 <= 100)\n` +
        `${b}: parcels (10-row batches) ${p.perSecond} req/s p99 ${p.p99} ms 5xx ${p.s5xx} (target >= 200, p99 <= 300, no 5xx)\n` +
        `${b}: authenticated GET /v1/parcels/:carrier/:trackingNo under ${args['flood-rate']} req/s unauthenticated: p50 ${a.p50} ms p99 ${a.p99} ms (${a.requests} requests)\n` +
        JSON.stringify(r) +
        '\n',
    );
  }
}

if (args.serve) await serve();
else await main();
