/**
 * The access matrix: every route of the API (enumerated from the route table, the same one that
 * yields /openapi.json) × every kind of caller answers as docs/security.md says. A route missing
 * from MATRIX (or from the table of docs/security.md) fails the test, so a new route cannot ship
 * without a decision about who may call it. Subject county: 630123 (湟源县); the other operator runs
 * 632223. Runs on embedded PGlite and, when it answers, on Postgres.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateTimetable, saveTimetable } from '../../src/persistence/index.ts';
import { tinyTimetable } from '../coverage/fixture.ts';
import { postgresAvailable } from '../helpers/services.ts';
import { feed, type Harness, startHarness } from './harness.ts';

/** Callers: the harness keys, plus no key and a well-formed key that was never issued. */
const CALLERS = ['admin', 'operator', 'otherOperator', 'carrier', 'otherCarrier', 'official', 'provincial', 'none', 'badKey'] as const;
type Caller = (typeof CALLERS)[number];
/** Statuses in CALLERS order. */
type Row = readonly [number, number, number, number, number, number, number, number, number];

interface Case {
  readonly url: (ids: Ids) => string;
  readonly json?: unknown;
  /** Runs before each call (e.g. a schedule to delete). */
  readonly before?: (h: Harness, ids: Ids) => Promise<unknown>;
  readonly expect: Row;
}
interface Ids {
  plan: string;
  dispatch: string;
  timetable: string;
  /** A draft timetable of 630123 (not active). */
  draft: string;
  run: string;
}

const AT = '2026-11-28T10:00:00+08:00';
//                      admin op   other carr ocarr offic prov none bad
const PUBLIC: Row =    [200, 200, 200, 200, 200, 200, 200, 200, 401];
const OWN_KEY: Row =   [200, 200, 200, 200, 200, 200, 200, 401, 401];
const OP_WRITE: Row =  [403, 202, 403, 403, 403, 403, 403, 401, 401];
const OP_WRITE200: Row = [403, 200, 403, 403, 403, 403, 403, 401, 401];
const COUNTY_READ: Row = [403, 200, 403, 403, 403, 200, 200, 401, 401];
const HIDDEN_READ: Row = [404, 200, 404, 404, 404, 200, 200, 401, 401];

/** Every route: `METHOD express-path` → a request and the status each caller gets. */
const MATRIX: Record<string, Case> = {
  'GET /healthz': { url: () => '/healthz', expect: PUBLIC },
  'GET /readyz': { url: () => '/readyz', expect: PUBLIC },
  'GET /openapi.json': { url: () => '/openapi.json', expect: PUBLIC },
  'GET /metrics': { url: () => '/metrics', expect: [200, 200, 200, 403, 403, 200, 200, 401, 401] },
  'GET /v1/me': { url: () => '/v1/me', expect: OWN_KEY },
  'POST /v1/keys': { url: () => '/v1/keys', json: { role: 'official', county: '630123' }, expect: [201, 201, 403, 403, 403, 403, 403, 401, 401] },
  'GET /v1/counties': { url: () => '/v1/counties', expect: PUBLIC },
  'GET /v1/counties/:code/network': { url: () => '/v1/counties/630123/network', expect: [403, 200, 403, 200, 200, 200, 200, 401, 401] },
  'GET /v1/counties/:code/schedule': { url: () => '/v1/counties/630123/schedule', expect: COUNTY_READ },
  'PUT /v1/counties/:code/schedule': { url: () => '/v1/counties/630123/schedule', json: { time: '06:30' }, expect: OP_WRITE200 },
  'DELETE /v1/counties/:code/schedule': {
    url: () => '/v1/counties/630123/schedule',
    before: (h) => h.call('PUT', '/v1/counties/630123/schedule', { key: h.keys.operator, json: { time: '06:30' } }),
    expect: OP_WRITE200,
  },
  'GET /v1/counties/:code/timetable': { url: () => '/v1/counties/630123/timetable', expect: COUNTY_READ },
  'GET /v1/timetables/:id': { url: (i) => `/v1/timetables/${i.timetable}`, expect: HIDDEN_READ },
  'POST /v1/timetables/:id/activate': {
    url: (i) => `/v1/timetables/${i.draft}/activate`,
    json: { reason: 'access matrix' },
    // Each caller tries the same draft: make the seeded timetable active again first.
    before: (h, i) => activateTimetable(h.db, i.timetable),
    expect: [404, 200, 404, 404, 404, 403, 403, 401, 401],
  },
  'GET /v1/timetables/:id/diff': { url: (i) => `/v1/timetables/${i.draft}/diff?against=active`, expect: HIDDEN_READ },
  'POST /v1/plans': { url: () => '/v1/plans', json: { county: '630123', seconds: 1, seed: 5 }, expect: OP_WRITE },
  'GET /v1/plans/:id': { url: (i) => `/v1/plans/${i.plan}`, expect: HIDDEN_READ },
  'GET /v1/plans/:id/events': { url: (i) => `/v1/plans/${i.plan}/events`, expect: HIDDEN_READ },
  'DELETE /v1/plans/:id': { url: (i) => `/v1/plans/${i.plan}`, expect: [404, 200, 404, 404, 404, 403, 403, 401, 401] },
  'POST /v1/parcels': { url: () => '/v1/parcels?county=630123', json: feed('ZTO', ['MX-P']), expect: [403, 200, 403, 200, 200, 403, 403, 401, 401] },
  'GET /v1/parcels/:carrier/:trackingNo': { url: () => '/v1/parcels/ZTO/MX-0', expect: [404, 200, 404, 200, 404, 404, 404, 401, 401] },
  'POST /v1/parcels/:carrier/:trackingNo/resolve': {
    url: () => '/v1/parcels/ZTO/MX-U/resolve',
    json: { villageCode: '630123100001' },
    expect: [403, 200, 404, 403, 403, 403, 403, 401, 401],
  },
  'POST /v1/events': {
    url: () => '/v1/events',
    json: [{ carrier: 'ZTO', trackingNo: 'MX-0', kind: 'delivered', at: AT }],
    expect: [403, 200, 200, 200, 200, 403, 403, 401, 401],
  },
  'GET /v1/counties/:code/unresolved': { url: () => '/v1/counties/630123/unresolved', expect: [403, 200, 403, 403, 403, 403, 403, 401, 401] },
  'GET /v1/consolidation': { url: () => '/v1/consolidation?county=630123&date=2026-11-27', expect: COUNTY_READ },
  'POST /v1/dispatch': { url: () => '/v1/dispatch', json: { county: '630123', date: '2026-11-27' }, expect: OP_WRITE },
  'GET /v1/dispatch/:id': { url: (i) => `/v1/dispatch/${i.dispatch}`, expect: HIDDEN_READ },
  'GET /v1/runs': { url: () => '/v1/runs?county=630123&date=2026-11-27', expect: COUNTY_READ },
  'GET /v1/runs/:id/manifest': { url: (i) => `/v1/runs/${i.run}/manifest`, expect: [403, 200, 404, 403, 403, 200, 200, 401, 401] },
  'GET /v1/coverage': { url: () => '/v1/coverage?county=632223', expect: PUBLIC },
  'GET /v1/coverage.csv': { url: () => '/v1/coverage.csv?county=632223', expect: PUBLIC },
};

/** The queue board (mounted beside the route table; a stand-in board records what reaches it). */
const BOARD: Record<string, { method: string; url: string; expect: Row }> = {
  // Read-only for every operator: the queue is shared by all counties (see docs/security.md).
  'GET /admin/queues/api/queues': { method: 'GET', url: '/admin/queues/api/queues', expect: [200, 200, 200, 403, 403, 403, 403, 401, 401] },
  'POST /admin/queues/api/queues/:queue/add': { method: 'POST', url: '/admin/queues/api/queues/rural-dispatch/add', expect: [200, 403, 403, 403, 403, 403, 403, 401, 401] },
  'PUT /admin/queues/api/queues/pause': { method: 'PUT', url: '/admin/queues/api/queues/pause', expect: [200, 403, 403, 403, 403, 403, 403, 401, 401] },
};

const keyOf = (h: Harness, c: Caller): string | undefined =>
  ({
    admin: h.keys.admin,
    operator: h.keys.operator,
    otherOperator: h.keys.otherOperator,
    carrier: h.keys.carrierA,
    otherCarrier: h.keys.carrierB,
    official: h.keys.official,
    provincial: h.keys.provincial,
    none: undefined,
    badKey: 'rd_' + 'n'.repeat(43),
  })[c];

const stubBoard: RequestHandler = (_req, res) => {
  res.json({ board: true });
};

async function seed(h: Harness): Promise<Ids> {
  // Parcels of 630123: one the carrier and the operator see, one that could not be matched.
  await h.call('POST', '/v1/parcels?county=630123', { key: h.keys.carrierA, json: feed(undefined, ['MX-0']) });
  await h.call('POST', '/v1/parcels?county=630123', {
    key: h.keys.carrierA,
    json: [{ tracking_no: 'MX-U', dest_address: 'nowhere in particular', weight_kg: 1, volume_l: 2, temperature: 'ambient', ready_at: '2026-11-27T08:00:00+08:00' }],
  });
  const timetable = await saveTimetable(h.db, tinyTimetable());
  const draft = await saveTimetable(h.db, { ...tinyTimetable(), seed: 2 }, { activate: false });
  await h.db.query(
    `INSERT INTO runs (id, county, service_date, kind, refrigerated, depart, capacity_kg, capacity_m3)
     VALUES ('R-MATRIX-1', '630123', '2026-11-27', 'line', false, '2026-11-27T06:00:00+08:00', 500, 2)`,
  );
  const plan = (await h.call('POST', '/v1/plans', { key: h.keys.operator, json: { county: '630123', seconds: 1, seed: 4 } })).body as { id: string };
  const dispatch = (await h.call('POST', '/v1/dispatch', { key: h.keys.operator, json: { county: '630123', date: '2026-11-26' } })).body as { id: string };
  // Let both jobs settle so their answers do not depend on when they are asked.
  for (const id of [plan.id, dispatch.id]) {
    for (;;) {
      const s = await h.queue.get(id);
      if (s && ['completed', 'failed', 'cancelled'].includes(s.state)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await activateTimetable(h.db, timetable); // the plan job above may not change the active timetable
  return { plan: plan.id, dispatch: dispatch.id, timetable, draft, run: 'R-MATRIX-1' };
}

const pgUp = await postgresAvailable();

for (const backend of ['pglite', 'postgres'] as const) {
  describe.skipIf(backend === 'postgres' && !pgUp)(`access matrix [${backend}]`, () => {
    let h: Harness;
    let ids: Ids;
    beforeAll(async () => {
      h = await startHarness({ backend, queueBoard: { basePath: '/admin/queues', handler: stubBoard, readOnlyHandler: stubBoard } });
      ids = await seed(h);
    });
    afterAll(async () => {
      await h?.close();
    });

    it('every route of the route table has a row in the matrix and in docs/security.md', () => {
      const routes = h.api.routes.specs.map((s) => `${s.method.toUpperCase()} ${s.path}`).sort();
      expect(Object.keys(MATRIX).sort()).toEqual(routes);
      const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/security.md'), 'utf8');
      const missing = [...routes, ...Object.keys(BOARD)].filter((r) => !doc.includes(`\`${r}\``));
      expect(missing, 'routes without a row in docs/security.md').toEqual([]);
    });

    for (const [route, c] of Object.entries(MATRIX)) {
      it(`${route}: ${CALLERS.map((k, i) => `${k} ${c.expect[i]}`).join(', ')}`, async () => {
        const got: Record<string, number> = {};
        for (const caller of CALLERS) {
          await c.before?.(h, ids);
          const key = keyOf(h, caller);
          const r = await h.call(route.split(' ')[0]!, c.url(ids), { ...(key ? { key } : {}), ...(c.json !== undefined ? { json: c.json } : {}) });
          got[caller] = r.status;
        }
        expect(got).toEqual(Object.fromEntries(CALLERS.map((k, i) => [k, c.expect[i]])));
      });
    }

    for (const [route, c] of Object.entries(BOARD)) {
      it(`${route} (queue board): ${CALLERS.map((k, i) => `${k} ${c.expect[i]}`).join(', ')}`, async () => {
        const got: Record<string, number> = {};
        for (const caller of CALLERS) {
          const key = keyOf(h, caller);
          got[caller] = (await h.call(c.method, c.url, { ...(key ? { key } : {}), ...(c.method === 'GET' ? {} : { json: {} }) })).status;
        }
        expect(got).toEqual(Object.fromEntries(CALLERS.map((k, i) => [k, c.expect[i]])));
      });
    }
  });
}
