/**
 * Concurrent feeds with the same tracking numbers (Postgres: real concurrency over a pool of 4;
 * PGlite: one connection, so the same feeds run one after the other). Every change is applied or
 * reported as superseded, the latest feed (feed time, then arrival) wins every key, every applied
 * change is in parcel_history, and opposite key orders do not deadlock.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { createApiKey } from '../../src/auth/keys.ts';
import { ingestParcels, type IngestReport } from '../../src/ingest/index.ts';
import { type Db, pgApiKeyRepository, pgIngestRepository } from '../../src/persistence/index.ts';
import { createInProcessQueue } from '../../src/queue/in-process.ts';
import { forEachBackend } from '../persistence/backends.ts';
import { COUNTY, V1, V2 } from '../persistence/fixtures.ts';
import { fakeProcessors } from '../queue/fake-processors.ts';

const N = 2000;
const numbers = Array.from({ length: N }, (_, i) => `CC${String(i).padStart(5, '0')}`);

/** A feed of every tracking number with one weight; `reversed` lists the keys backwards. */
function feedOf(weight: number, reversed = false): Record<string, unknown>[] {
  const list = numbers.map((t, i) => ({
    carrier: 'SF',
    tracking_no: t,
    dest_code: i % 2 ? V1 : V2,
    weight_kg: weight,
    volume_l: 4,
    ready_at: '2026-11-30T08:00:00+08:00',
  }));
  return reversed ? list.reverse() : list;
}

async function stateOf(db: Db): Promise<{ weights: number[]; history: number; versionsOk: boolean; parcels: number }> {
  const w = await db.query<{ weight_kg: number }>('SELECT DISTINCT weight_kg FROM parcels ORDER BY 1');
  const h = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcel_history');
  const p = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels');
  // Each parcel's version is 1 + the versions it left in the history.
  const v = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM parcels p
     WHERE p.version <> 1 + (SELECT count(*) FROM parcel_history h WHERE h.parcel_id = p.id)`,
  );
  return { weights: w.rows.map((r) => r.weight_kg), history: h.rows[0]!.n, versionsOk: v.rows[0]!.n === 0, parcels: p.rows[0]!.n };
}

function checkReports(reports: readonly IngestReport[], history: number): void {
  for (const r of reports) {
    expect(r.rejectedRows).toBe(0);
    // Weights differ between feeds, so nothing is a duplicate: each row is applied or superseded.
    expect(r.duplicates).toBe(0);
    expect(r.accepted + r.updated + r.superseded).toBe(N);
  }
  expect(reports.reduce((s, r) => s + r.accepted, 0)).toBe(N);
  expect(reports.reduce((s, r) => s + r.updated, 0)).toBe(history);
}

forEachBackend('ingest concurrency', (db) => {
  it('when four feeds change the same parcels at once, then the latest feed time wins every key and every change is applied or reported', async () => {
    const base = Date.parse('2026-11-30T09:00:00+08:00');
    // Started latest-first: the arrival order is the opposite of the feed-time order.
    const runs = [4, 3, 2, 1].map((w) =>
      ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feedOf(w, w % 2 === 0), receivedAt: base + w * 1000 }),
    );
    const reports = await Promise.all(runs);
    const s = await stateOf(db());
    expect(s.parcels).toBe(N);
    expect(s.weights).toEqual([4]);
    expect(s.versionsOk).toBe(true);
    checkReports(reports, s.history);
  });

  it('when feeds with opposite key orders are posted at once, then all answer 200 and the stored parcels come whole from one feed', async () => {
    const queue = createInProcessQueue(fakeProcessors().processors);
    const api = createApp({ db: db(), queue, logger: pino({ level: 'silent' }), validateResponses: true, dashboard: false, limits: { ratePerMinute: 10_000 } });
    const server = createServer(api.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/parcels`;
      const key = (await createApiKey(pgApiKeyRepository(db()), { role: 'operator', county: COUNTY })).key;
      const post = async (weight: number): Promise<{ status: number; body: IngestReport }> => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(feedOf(weight, weight % 2 === 1)),
        });
        return { status: res.status, body: (await res.json()) as IngestReport };
      };
      const replies = await Promise.all([1, 2, 3, 4].map(post));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const s = await stateOf(db());
      expect(s.parcels).toBe(N);
      expect(s.weights).toHaveLength(1);
      expect(s.versionsOk).toBe(true);
      checkReports(
        replies.map((r) => r.body),
        s.history,
      );
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await queue.close();
    }
  });

  it('when a feed older than the stored version arrives, then its changes are reported as superseded and not applied', async () => {
    const at = Date.parse('2026-11-30T09:00:00+08:00');
    await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feedOf(5).slice(0, 3), receivedAt: at });
    const old = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feedOf(6).slice(0, 3), receivedAt: at - 60_000 });
    expect(old).toMatchObject({ accepted: 0, updated: 0, superseded: 3, duplicates: 0 });
    expect((await stateOf(db())).weights).toEqual([5]);
    const newer = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feedOf(7).slice(0, 3), receivedAt: at });
    // Same feed time: the later arrival wins.
    expect(newer).toMatchObject({ updated: 3, superseded: 0 });
    expect((await stateOf(db())).weights).toEqual([7]);
  });
});
