/**
 * An API under test: embedded PGlite in memory with the demo county imported, the in-process queue
 * running given processors, and an HTTP server on a free port. `call` sends real HTTP requests.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { createApp, type ApiApp } from '../../src/api/app.ts';
import { createApiKey } from '../../src/auth/keys.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { type Db, importCounty, openDb, pgApiKeyRepository } from '../../src/persistence/index.ts';
import { BUNDLED_DATASETS_DIR } from '../../src/queue/datasets.ts';
import { createInProcessQueue } from '../../src/queue/in-process.ts';
import type { JobQueue, Processors } from '../../src/queue/port.ts';
import { fakeProcessors } from '../queue/fake-processors.ts';
import { DEFAULT_PG_URL } from '../helpers/services.ts';

/** A running API. */
export interface Harness {
  readonly db: Db;
  readonly queue: JobQueue;
  readonly api: ApiApp;
  readonly base: string;
  /** Keys by name: admin, operator (630123), otherOperator (632223), carrierA (ZTO), carrierB (YTO), official (630123), provincial. */
  readonly keys: Readonly<Record<'admin' | 'operator' | 'otherOperator' | 'carrierA' | 'carrierB' | 'official' | 'provincial', string>>;
  call(method: string, url: string, opts?: { key?: string; json?: unknown; body?: string; type?: string; headers?: Record<string, string> }): Promise<{ status: number; type: string; body: unknown; text: string }>;
  close(): Promise<void>;
}

/** Starts a harness; `processors` (or a factory taking the database) default to the fake ones. */
export async function startHarness(
  opts: {
    processors?: Processors | ((db: Db) => Processors);
    /** Use this queue instead of the in-process runner (closed by the harness). */
    queue?: JobQueue;
    queueBoard?: import('../../src/api/bull-board.ts').QueueBoard;
    ratePerMinute?: number;
    jsonBytes?: number;
    /** Database: embedded PGlite in memory (default) or real Postgres in a schema of its own, dropped on close. */
    backend?: 'pglite' | 'postgres';
  } = {},
): Promise<Harness> {
  const schema = `t_api_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const db =
    opts.backend === 'postgres' ? await openDb({ url: DEFAULT_PG_URL, schema, max: 4 }) : await openDb({ dataDir: ':memory:', useEnv: false });
  await importCounty(db, await loadDataset(path.join(BUNDLED_DATASETS_DIR, '630123-huangyuan')));
  await importCounty(db, await loadDataset(path.join(BUNDLED_DATASETS_DIR, '632223-haiyan')));
  const processors = typeof opts.processors === 'function' ? opts.processors(db) : (opts.processors ?? fakeProcessors().processors);
  const queue = opts.queue ?? createInProcessQueue(processors, { retry: { attempts: 2, backoffMs: 10 } });
  const api = createApp({
    db,
    queue,
    logger: pino({ level: 'silent' }),
    validateResponses: true,
    ...(opts.queueBoard ? { queueBoard: opts.queueBoard } : {}),
    dashboard: false,
    limits: { ratePerMinute: opts.ratePerMinute ?? 10_000, ...(opts.jsonBytes ? { jsonBytes: opts.jsonBytes } : {}) },
  });
  const server: Server = createServer(api.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = async (k: Parameters<typeof createApiKey>[1]) => (await createApiKey(pgApiKeyRepository(db), k)).key;
  const keys = {
    admin: await key({ role: 'admin' }),
    operator: await key({ role: 'operator', county: '630123' }),
    otherOperator: await key({ role: 'operator', county: '632223' }),
    carrierA: await key({ role: 'carrier', carrier: 'ZTO' }),
    carrierB: await key({ role: 'carrier', carrier: 'YTO' }),
    official: await key({ role: 'official', county: '630123' }),
    provincial: await key({ role: 'official' }),
  };
  return {
    db,
    queue,
    api,
    base,
    keys,
    async call(method, url, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      let body: string | undefined;
      if (o.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(o.json);
      } else if (o.body !== undefined) {
        headers['content-type'] = o.type ?? 'application/json';
        body = o.body;
      }
      const res = await fetch(base + url, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      let parsed: unknown = null;
      if (type.includes('json')) parsed = JSON.parse(text);
      return { status: res.status, type, body: parsed, text };
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await queue.close();
      await db.close();
      if (opts.backend === 'postgres') {
        const c = new pg.Client({ connectionString: DEFAULT_PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  };
}

/** A small valid JSON feed for the demo county (village codes of 湟源县). */
export function feed(carrier: string | undefined, trackingNos: readonly string[]): Record<string, unknown>[] {
  return trackingNos.map((t, i) => ({
    ...(carrier ? { carrier } : {}),
    tracking_no: t,
    dest_code: i % 2 ? '630123100001' : '630123100002',
    weight_kg: 1.5 + i,
    volume_l: 4,
    temperature: 'ambient',
    ready_at: '2026-11-27T08:00:00+08:00',
  }));
}
