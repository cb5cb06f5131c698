/**
 * Two real `rural-dispatch worker` processes on real Redis and Postgres share plan jobs for three
 * counties. One is SIGKILLed mid-solve: its job goes back to the queue (stalled lock), the other
 * worker plans it, and exactly one timetable per county is stored. Invalid plan requests fail at
 * once, without retry, with the validation message kept. The survivor stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { type Db, importCounty, openDb } from '../../src/persistence/index.ts';
import { type BullJobQueue, createBullQueue } from '../../src/queue/bullmq.ts';
import { BUNDLED_DATASETS_DIR } from '../../src/queue/datasets.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { DEFAULT_PG_URL, DEFAULT_REDIS_URL, postgresAvailable, redisAvailable } from '../helpers/services.ts';
import { waitFor } from '../helpers/wait.ts';

const root = path.resolve(import.meta.dirname, '../..');
const COUNTIES = ['630123-huangyuan', '632223-haiyan', '632322-jianzha'];

interface Proc {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const ready = (async () => (await postgresAvailable()) && (await redisAvailable()))();
let db: Db | null = null;
let queue: BullJobQueue | null = null;
const schema = `rdit_${randomBytes(4).toString('hex')}`;
const prefix = uniquePrefix();
const procs: Proc[] = [];

function startWorker(): Proc {
  const child = spawn(process.execPath, ['bin/rural-dispatch.js', 'worker'], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL: DEFAULT_REDIS_URL,
      DATABASE_URL: DEFAULT_PG_URL,
      RD_DB_SCHEMA: schema,
      RD_QUEUE_PREFIX: prefix,
      // Short lock and stalled check so a dead worker's job is recovered quickly.
      RD_LOCK_MS: '3000',
      RD_STALLED_MS: '1500',
      RD_SHUTDOWN_GRACE_MS: '20000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ msg: line });
    }
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code) logs.push({ msg: 'stderr', stderr });
      resolve({ code, signal });
    }),
  );
  const p = { child, logs, exited };
  procs.push(p);
  return p;
}

const started = (p: Proc, jobId: string) => p.logs.filter((l) => l.msg === 'job started' && l.jobId === jobId).length;

beforeAll(async () => {
  if (!(await ready)) return;
  db = await openDb({ url: DEFAULT_PG_URL, schema });
  for (const slug of COUNTIES) await importCounty(db, await loadDataset(path.join(BUNDLED_DATASETS_DIR, slug)));
  queue = createBullQueue({ url: DEFAULT_REDIS_URL, prefix, retry: { attempts: 3, backoffMs: 200 } });
});

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await queue?.close();
  await db?.close();
  if (await ready) {
    const c = new pg.Client({ connectionString: DEFAULT_PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
    await deletePrefix(prefix);
  }
});

describe('workers on real Redis and Postgres', () => {
  it('when a worker is SIGKILLed mid-job, then the other worker plans it and exactly one timetable per county is stored', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const [a, b] = [startWorker(), startWorker()];
    await waitFor(() => a.logs.some((l) => l.msg === 'worker ready') && b.logs.some((l) => l.msg === 'worker ready'), 'both workers ready', 90_000);

    const codes = ['630123', '632223', '632322'];
    const ids: string[] = [];
    for (const county of codes) ids.push((await queue!.enqueue('plan-timetable', { county, settings: {}, seed: 5, seconds: 6 })).id);
    // A repeated request is the same job.
    expect((await queue!.enqueue('plan-timetable', { county: codes[0]!, settings: {}, seed: 5, seconds: 6 })).created).toBe(false);

    // Both workers busy, the victim already solving (progress past loading).
    const victimJob = await waitFor(async () => {
      for (const id of ids) {
        const s = await queue!.get(id);
        const owner = [a, b].find((p) => started(p, id) > 0);
        if (s?.state === 'active' && (s.progress?.percent ?? 0) >= 5 && owner && [a, b].every((p) => p.logs.some((l) => l.msg === 'job started'))) {
          return { id, owner };
        }
      }
      return undefined;
    }, 'a job being solved while both workers are busy', 90_000);
    const victim = victimJob.owner;
    const survivor = victim === a ? b : a;
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');

    const final = await waitFor(async () => {
      const all = await Promise.all(ids.map((id) => queue!.get(id)));
      return all.every((s) => s && ['completed', 'failed'].includes(s.state)) ? all : undefined;
    }, 'all three plans to finish', 150_000);
    expect(final.map((s) => s!.state)).toEqual(['completed', 'completed', 'completed']);
    // The killed job was picked up again by the survivor.
    expect(started(survivor, victimJob.id)).toBeGreaterThanOrEqual(1);
    // The others ran once each: solving off the event loop kept their 3 s locks renewed through
    // solves of 6 s, so no live worker's job was taken for stalled.
    for (const id of ids.filter((x) => x !== victimJob.id)) expect(started(a, id) + started(b, id), id).toBe(1);

    const rows = await db!.query<{ county: string; n: number }>('SELECT county, count(*)::int AS n FROM timetables GROUP BY county ORDER BY county');
    expect(rows.rows).toEqual(codes.map((county) => ({ county, n: 1 })));
    const links = await db!.query<{ job_id: string; timetable_id: string }>('SELECT job_id, timetable_id::text FROM plan_jobs ORDER BY county');
    expect(links.rows.map((r) => r.job_id)).toEqual(ids);
    for (const s of final) expect(links.rows.find((r) => r.job_id === s!.id)?.timetable_id).toBe((s!.result as { timetableId: string }).timetableId);
  });

  it('when a plan request is invalid, then it fails at once without retry and keeps the validation message', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const alive = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    const workers = alive.length ? alive : [startWorker()];
    await waitFor(() => workers.every((w) => w.logs.some((l) => l.msg === 'worker ready')), 'worker ready', 90_000);
    const badSettings = await queue!.enqueue('plan-timetable', { county: '630123', settings: { cutoff: 'noon' }, seed: 1, seconds: 1 });
    const unknownCounty = await queue!.enqueue('plan-timetable', { county: '630121', settings: {}, seed: 1, seconds: 1 });
    for (const [id, message] of [
      [badSettings.id, /cutoff: must be HH:MM/],
      [unknownCounty.id, /county 630121 is not imported/],
    ] as const) {
      const s = await waitFor(async () => {
        const x = await queue!.get(id);
        return x && (x.state === 'failed' || x.state === 'completed') ? x : undefined;
      }, `job ${id} to fail`, 60_000);
      expect(s.state).toBe('failed');
      expect(s.attemptsMade).toBe(1);
      expect(s.error?.message).toMatch(message);
      expect(s.error?.unrecoverable).toBe(true);
      expect(workers.reduce((n, w) => n + started(w, id), 0)).toBe(1);
    }
    const n = await db!.query<{ n: number }>(`SELECT count(*)::int AS n FROM plan_jobs WHERE job_id = ANY($1)`, [[badSettings.id, unknownCounty.id]]);
    expect(n.rows[0]?.n).toBe(0);

  });

  it('when a worker gets SIGTERM during a job, then it finishes the job, stores it and exits 0', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const alive = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    const workers = alive.length ? alive : [startWorker()];
    await waitFor(() => workers.every((w) => w.logs.some((l) => l.msg === 'worker ready')), 'worker ready', 90_000);
    const { id } = await queue!.enqueue('plan-timetable', { county: '632322', settings: {}, seed: 77, seconds: 3 });
    const owner = await waitFor(async () => {
      const s = await queue!.get(id);
      return s?.state === 'active' && (s.progress?.percent ?? 0) >= 5 ? workers.find((w) => started(w, id) > 0) : undefined;
    }, 'the job to be solving', 90_000);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect((await w.exited).code).toBe(0);
    const s = await queue!.get(id);
    expect(s?.state).toBe('completed');
    expect(started(owner, id)).toBe(1);
    const at = (pred: (l: Record<string, unknown>) => boolean) => owner.logs.findIndex(pred);
    const shutdown = at((l) => l.msg === 'shutting down: finishing or releasing the current job');
    expect(shutdown).toBeGreaterThan(-1);
    expect(at((l) => l.msg === 'job completed' && l.jobId === id)).toBeGreaterThan(shutdown);
    expect(owner.logs.at(-1)?.msg).toBe('worker stopped');
    const n = await db!.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_jobs WHERE job_id = $1', [id]);
    expect(n.rows[0]?.n).toBe(1);
  });
});
