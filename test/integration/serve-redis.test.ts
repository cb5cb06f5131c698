/**
 * The production layout of docs/api.md, as processes: `serve` with REDIS_URL and DATABASE_URL (a
 * fresh Postgres schema, a unique Redis prefix) and one `worker`. A plan posted to the API is run
 * by the worker process and its timetable is readable through the API; both stop on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { DEFAULT_PG_URL, DEFAULT_REDIS_URL, postgresAvailable, redisAvailable } from '../helpers/services.ts';
import { waitFor } from '../helpers/wait.ts';

const root = path.resolve(import.meta.dirname, '../..');
const schema = `rdserve_${randomBytes(4).toString('hex')}`;
const prefix = uniquePrefix();
const ready = (async () => (await postgresAvailable()) && (await redisAvailable()))();
const children: ChildProcess[] = [];
const env = {
  ...process.env,
  REDIS_URL: DEFAULT_REDIS_URL,
  DATABASE_URL: DEFAULT_PG_URL,
  RD_DB_SCHEMA: schema,
  RD_QUEUE_PREFIX: prefix,
  LOG_LEVEL: 'warn',
};

function run(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/rural-dispatch.js', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return { child, out: () => out, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (await ready) {
    const c = new pg.Client({ connectionString: DEFAULT_PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
    await deletePrefix(prefix);
  }
});

describe('serve + worker on Postgres and Redis', () => {
  it('when a plan is posted to serve, then the worker process plans it and the API returns the timetable', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const api = run(['serve', '--port', '0', '--import', '632223-haiyan', '--no-plan-missing']);
    const url = await waitFor(() => /API and dashboard: (http:\/\/\S+)/.exec(api.out())?.[1], 'serve to listen', 120_000);
    const key = await waitFor(() => /local operator API key[^\n]*\n(rd_\S+)/.exec(api.out())?.[1], 'the operator key');
    expect(api.out()).toContain('queues: ');
    const auth = { authorization: `Bearer ${key}` };
    const readyz = await (await fetch(`${url}readyz`)).json();
    expect(readyz).toMatchObject({ status: 'ready', database: { kind: 'postgres' }, queue: { kind: 'bullmq' } });
    // --import chose the county, so no demo county; the first key operates the imported one.
    const counties = (await (await fetch(`${url}v1/counties`)).json()) as { counties: { code: string }[] };
    expect(counties.counties.map((c) => c.code)).toEqual(['632223']);

    const worker = run(['worker']);
    const posted = await fetch(`${url}v1/plans`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ county: '632223', seconds: 2 }),
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    const done = await waitFor(async () => {
      const s = (await (await fetch(`${url}v1/plans/${id}`, { headers: auth })).json()) as { state: string; result: { timetableId: string } | null };
      return s.state === 'completed' || s.state === 'failed' ? s : undefined;
    }, 'the plan', 150_000);
    expect(done.state).toBe('completed');
    const t = await fetch(`${url}v1/timetables/${done.result!.timetableId}`, { headers: auth });
    expect(t.status).toBe(200);
    expect(await t.json()).toMatchObject({ active: true, timetable: { county: '632223' } });
    const board = await fetch(`${url}admin/queues`, { headers: { authorization: `Basic ${Buffer.from(`x:${key}`).toString('base64')}` } });
    expect(board.status).toBe(200);

    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(await api.exited).toBe(0);
  });
});
