/**
 * Which runs serve a village on a service day: villages the planner puts on a trunk line (stops on
 * the way to the hubs, timetable mode `direct`) are served by that trunk run, and a bus leg in the
 * upward direction (village → county) never carries downward parcels.
 */
import { beforeAll, expect, it } from 'vitest';
import { dispatchDay, getManifest, getParcelStatus, listRuns, runId } from '../../src/dispatch/index.ts';
import { ingestParcels } from '../../src/ingest/index.ts';
import { importCounty, saveTimetable, type Db, pgDispatchRepository, pgIngestRepository, pgParcelRepository, pgManifestRepository } from '../../src/persistence/index.ts';
import type { Timetable } from '../../src/domain/timetable.ts';
import { forEachBackend } from '../persistence/backends.ts';
import { COUNTY, fixtureDataset, fixtureTimetable, H1, MONDAY, row, TUESDAY, V3, V5, W } from '../persistence/fixtures.ts';

/** The fixture timetable with V5 as a stop of the trunk on its way to H1, and the bus leg to V3 marked upward. */
function timetable(): Timetable {
  const base = fixtureTimetable();
  return {
    ...base,
    lines: base.lines.map((l) =>
      l.id === 'L-T'
        ? {
            ...l,
            stops: [
              { node: W, arrive: '08:00', depart: '08:00' },
              { node: V5, arrive: '08:15', depart: '08:20' },
              { node: H1, arrive: '08:35', depart: '08:45' },
              { node: W, arrive: '09:15', depart: '09:15' },
            ],
          }
        : l,
    ),
    busLegs: base.busLegs.map((b) => ({ ...b, direction: 'up' as const })),
  };
}

forEachBackend(
  'service-day',
  (db) => {
    beforeAll(async () => {
      await importCounty(db(), fixtureDataset());
      await saveTimetable(db(), timetable());
    });
    const ingest = (d: Db, rows: Record<string, unknown>[]) => ingestParcels(pgIngestRepository(d), { county: COUNTY, format: 'json', body: rows });

    it('when a village is a stop of a trunk line on that weekday, then its parcels ride the trunk run', async () => {
      await ingest(db(), [row('T1', { dest_code: V5, weight_kg: 2 }), row('T2', { dest_code: V5, weight_kg: 3 })]);
      const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
      expect(r).toMatchObject({ assigned: 2, deferred: 0 });
      const trunk = runId(COUNTY, MONDAY, 'L-T');
      const status = await getParcelStatus(pgParcelRepository(db()), 'SF', 'T1');
      expect(status).toMatchObject({ status: 'assigned', runId: trunk });
      const manifest = await getManifest(pgManifestRepository(db()), trunk);
      const stop = manifest.stops.find((s) => s.node === V5)!;
      expect(stop.parcels.map((p) => p.trackingNo).sort()).toEqual(['T1', 'T2']);
      expect((await listRuns(pgManifestRepository(db()), COUNTY, MONDAY)).find((x) => x.id === trunk)!.loadKg).toBeCloseTo(5, 9);
    });

    it('when the only bus leg to a village runs upward, then downward parcels wait for the next road service', async () => {
      await ingest(db(), [row('U1', { dest_code: V3, weight_kg: 1, ready_at: '2026-12-01T06:00:00+08:00' })]);
      const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, TUESDAY);
      expect(r).toMatchObject({ assigned: 0, deferred: 1 });
      expect((await listRuns(pgManifestRepository(db()), COUNTY, TUESDAY)).filter((x) => x.kind === 'bus')).toEqual([]);
      expect((await getParcelStatus(pgParcelRepository(db()), 'SF', 'U1')).deferUntil).toBe('2026-12-02'); // Wednesday: line L-D
    });
  },
  { fixture: false },
);
