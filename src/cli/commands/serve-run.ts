/**
 * The work of `rural-dispatch serve` (declared in ./serve.ts, this module is loaded when it runs):
 * the API, the dashboard and, without REDIS_URL, the in-process job runner, in one process.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { createApp } from '../../api/app.ts';
import { queueBoard } from '../../api/bull-board.ts';
import { countApiKeys, createApiKey } from '../../auth/keys.ts';
import { loadDataset } from '../../domain/load-dataset.ts';
import { ValidationError } from '../../errors.ts';
import { type Db, backupEmbedded, defaultDataDir, getActiveTimetable, importCounty, listCounties, openDb, pgApiKeyRepository } from '../../persistence/index.ts';
import { queueConfigFromEnv } from '../../queue/config.ts';
import { PlanTimetablePayload } from '../../queue/contracts.ts';
import { countyDatasets, datasetsDir } from '../../queue/datasets.ts';
import { createInProcessQueue } from '../../queue/in-process.ts';
import type { JobQueue } from '../../queue/port.ts';
import { loadWorkerRuntime } from '../../queue/runtime.ts';
import { claimDataDir } from '../data-dir-lock.ts';
import { startControlSocket } from './serve-control.ts';
import { untilStop } from './serve-lifecycle.ts';

/** Slug of the demo county loaded into an empty database. */
export const DEMO_COUNTY_SLUG = '630123-huangyuan';

/** Imports the demo county when no county exists and creates an operator key when no key exists. */
export async function firstStart(db: Db, log: Logger): Promise<{ demoKey: string | null }> {
  if ((await listCounties(db)).length === 0) {
    const dataset = await loadDataset(path.join(datasetsDir(), DEMO_COUNTY_SLUG));
    const r = await importCounty(db, dataset);
    log.info({ county: r.county, nodes: r.nodes, vehicles: r.vehicles }, `imported demo county ${dataset.name}`);
  }
  if ((await countApiKeys(pgApiKeyRepository(db))) > 0) return { demoKey: null };
  const county = (await listCounties(db))[0]!.code;
  const k = await createApiKey(pgApiKeyRepository(db), { role: 'operator', county, label: 'local operator (created by serve on first start)' });
  return { demoKey: k.key };
}

/** How long open requests may finish after a stop signal before their connections are closed. */
const SHUTDOWN_GRACE_MS = 5_000;

/** Options of `serve`. */
export interface ServeOptions {
  port: string;
  host: string;
  data?: string;
  import?: string[];
  planMissing: boolean;
}

/** Runs `serve` until SIGTERM/SIGINT (or, started through npm, until its parent is gone). */
export async function runServe(o: ServeOptions): Promise<void> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValidationError([{ field: '--port', reason: 'must be 0-65535' }]);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, role: 'serve' } });
  const cfg = queueConfigFromEnv();
  // Embedded database: one process per directory (src/cli/data-dir-lock.ts).
  const lock = process.env.DATABASE_URL
    ? null
    : claimDataDir(
        o.data ?? defaultDataDir(),
        'serve',
        'stop that process first, or give this one another --data directory (or use DATABASE_URL for a shared Postgres)',
      );
  const db = await openDb({
    ...(o.data ? { dataDir: o.data } : {}),
    ...(process.env.RD_DB_SCHEMA ? { schema: process.env.RD_DB_SCHEMA } : {}),
  });
  for (const slug of o.import ?? []) {
    const r = await importCounty(db, await loadDataset(path.join(datasetsDir(), slug)));
    log.info({ county: r.county, nodes: r.nodes }, `imported ${slug}`);
  }
  const { demoKey } = await firstStart(db, log);
  const datasets = countyDatasets(db);
  let queue: JobQueue;
  if (cfg.redisUrl) {
    // BullMQ (and ioredis) load only when Redis is used: they are a good part of the start-up time.
    const { createBullQueue } = await import('../../queue/bullmq.ts');
    queue = createBullQueue({
      url: cfg.redisUrl,
      prefix: cfg.prefix,
      queueName: cfg.queueName,
      retry: cfg.retry,
      onError: (err) => log.warn({ err: err.message }, 'queue connection error'),
    });
  } else {
    const runtime = await loadWorkerRuntime();
    queue = createInProcessQueue(runtime.createProcessors({ db, datasets }), {
      retry: cfg.retry,
      onError: (err) => log.error({ err }, 'scheduled dispatch failed to enqueue'),
    });
  }
  const dispatchAt = process.env.RD_DISPATCH_AT;
  if (dispatchAt) {
    for (const c of await listCounties(db)) await queue.scheduleDaily({ county: c.code, time: dispatchAt, timeZone: 'Asia/Shanghai' });
  }
  if (o.planMissing) {
    // A newcomer's first start should show lines on the map: plan every county that has no
    // active timetable yet, with the default settings, in the background (same job id as an
    // identical POST /v1/plans, so nothing is planned twice).
    for (const c of await listCounties(db)) {
      if (await getActiveTimetable(db, c.code)) continue;
      const r = await queue.enqueue('plan-timetable', PlanTimetablePayload.parse({ county: c.code }));
      log.info({ county: c.code, job: r.id }, 'no timetable yet: planning one in the background');
    }
  }
  const board = await queueBoard(queue);
  const { app } = createApp({ db, queue, datasets, logger: log, ...(board ? { queueBoard: board } : {}) });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, o.host, () => resolve());
  });
  const addr = server.address();
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${typeof addr === 'object' && addr ? addr.port : port}/`;
  // Online backups of the embedded database go through a local control socket (serve-control.ts).
  const control =
    lock && db.kind === 'pglite'
      ? await startControlSocket(
          () => backupEmbedded(db),
          (err) => log.warn({ err }, 'control socket'),
        ).catch((err: unknown) => {
          log.warn({ err }, 'no control socket: online backups are not available');
          return null;
        })
      : null;
  lock?.update({ url, ...(control ? { control: control.path } : {}) });
  log.info({ url, database: db.kind, queue: queue.kind }, `rural-dispatch listening on ${url}`);
  process.stdout.write(`rural-dispatch API and dashboard: ${url}  (OpenAPI: ${url}openapi.json${board ? `, queues: ${url}admin/queues` : ''})\n`);
  if (demoKey) process.stdout.write(`local operator API key (shown once; use Authorization: Bearer <key>):\n${demoKey}\n`);
  const signal = await untilStop();
  log.info({ signal }, signal === 'parent-exit' ? 'the process that started serve is gone: shutting down' : 'shutting down');
  server.closeIdleConnections?.();
  // Requests still open after the grace period (a stalled client, a long poll) are cut.
  const cutOff = setTimeout(() => server.closeAllConnections?.(), SHUTDOWN_GRACE_MS);
  cutOff.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(cutOff);
  await control?.close();
  await queue.close();
  await db.close();
  lock?.release();
}
