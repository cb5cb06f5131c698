import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { importCounty, pgIngestRepository } from '../../src/persistence/index.ts';
import { ingestParcels } from '../../src/ingest/index.ts';
import { forEachBackend } from '../persistence/backends.ts';

const feeds = new URL('../../data/feeds/', import.meta.url);

forEachBackend(
  'sample feeds',
  (db) => {
    it('stores the three sample feeds of 630123 as documented in data/feeds/README.md', async () => {
      await importCounty(db(), await loadDataset(new URL('../../data/counties/630123-huangyuan', import.meta.url).pathname));
      const sf = await ingestParcels(pgIngestRepository(db()), { county: '630123', carrier: 'SF', format: 'json', body: await readFile(new URL('sf-2026-11-30.json', feeds)) });
      const zto = await ingestParcels(pgIngestRepository(db()), { county: '630123', carrier: 'ZTO', format: 'csv', body: await readFile(new URL('zto-2026-11-30.csv', feeds)) });
      const yd = await ingestParcels(pgIngestRepository(db()), { county: '630123', carrier: 'YUNDA', format: 'csv', body: await readFile(new URL('yunda-2026-11-30.csv', feeds)) });
      expect([sf.accepted, zto.accepted, yd.accepted]).toEqual([500, 450, 300]);
      expect(sf.rejected).toEqual([]);
      expect(zto.rejected).toEqual([]);
      expect(zto.unresolved).toBeGreaterThan(0);
      expect(yd.rejected.map((r) => [r.row, r.field])).toEqual([
        [151, 'weight_kg'],
        [152, 'temperature'],
        [153, 'tracking_no'],
        [154, 'ready_at'],
        [155, 'dest_code'],
        [156, 'dest_lat'],
      ]);
      const n = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM parcels');
      expect(n.rows[0]!.n).toBe(1250);
    });
  },
  { fixture: false },
);
