/**
 * A small stand-in for `rural-dispatch serve`, for developing the dashboard before the API lands and
 * as the browser test's fallback: it serves the dashboard's static files and vendor folders exactly as
 * `dashboardAssets()` describes, and the API routes the dashboard calls, answered by the real coverage
 * functions on real county datasets with a stand-in timetable (./demo-timetable.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { computeCoverage, computeProvinceCoverage, coverageGeoJson, coverageToCsv, periodInstants, type Actuals } from '../../src/coverage/index.ts';
import { dashboardAssets } from '../../src/dashboard/index.ts';
import type { Dataset } from '../../src/domain/dataset.ts';
import type { Timetable } from '../../src/domain/timetable.ts';
import { demoTimetable } from './demo-timetable.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** Stand-in scan facts: one parcel per village on the period's first day, delivered 6/21/36/51 h later (every fifth never). */
function stubActuals(dataset: Dataset, fromArg: string, toArg: string): Actuals {
  const { from, to } = periodInstants(fromArg, toArg);
  const start = Date.parse(from) + 5 * 3_600_000;
  const villages = dataset.nodes.filter((n) => n.kind === 'village_point');
  return {
    from,
    to,
    upward: false,
    parcels: villages.map((v, i) => ({
      id: `stub-${i}`,
      village: v.id,
      direction: 'down' as const,
      atWarehouse: new Date(start).toISOString(),
      deliveredAt: i % 5 === 4 ? null : new Date(start + [6, 21, 36, 51][i % 4]! * 3_600_000).toISOString(),
      pickedUpAt: null,
    })),
  };
}

/** The stub's API key for the operator routes. */
export const STUB_API_KEY = 'stub-key';

/** A running stub server. */
export interface StubServer {
  readonly url: string;
  close(): Promise<void>;
}

async function sendFile(res: http.ServerResponse, root: string, rel: string): Promise<boolean> {
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (!file.startsWith(path.resolve(root))) return false;
  try {
    if (!(await stat(file)).isFile()) return false;
  } catch {
    return false;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
  return true;
}

function json(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

/** Starts the stub on a free port with `datasets` (the first is the demo county). */
export async function startStubServer(datasets: readonly Dataset[]): Promise<StubServer> {
  const assets = dashboardAssets();
  const byCode = new Map<string, { dataset: Dataset; timetable: Timetable }>(
    datasets.map((d) => [d.countyCode, { dataset: d, timetable: demoTimetable(d) }]),
  );
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const p = url.pathname;
      if (p === '/v1/counties') {
        return json(res, 200, [...byCode.values()].map(({ dataset: d }) => ({ code: d.countyCode, slug: d.slug, name: d.name })));
      }
      if (p === '/v1/coverage' && url.searchParams.has('province')) {
        const prov = url.searchParams.get('province') ?? '';
        const inputs = [...byCode.values()].filter((c) => c.dataset.countyCode.startsWith(prov));
        if (inputs.length === 0) return json(res, 404, { title: 'Not Found', status: 404, detail: 'no county' }, 'application/problem+json');
        const from = url.searchParams.get('from');
        const to = url.searchParams.get('to');
        return json(res, 200, computeProvinceCoverage(from && to ? inputs.map((c) => ({ ...c, actuals: stubActuals(c.dataset, from, to) })) : inputs));
      }
      if (p === '/v1/coverage' || p === '/v1/coverage.csv') {
        const c = byCode.get(url.searchParams.get('county') ?? '');
        if (!c) return json(res, 404, { title: 'Not Found', status: 404, detail: 'unknown county' }, 'application/problem+json');
        const from = url.searchParams.get('from');
        const to = url.searchParams.get('to');
        const report = computeCoverage(from && to ? { ...c, actuals: stubActuals(c.dataset, from, to) } : c);
        if (p.endsWith('.csv')) {
          res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
          return res.end(coverageToCsv(report));
        }
        if (url.searchParams.get('format') === 'geojson') return json(res, 200, coverageGeoJson(c.dataset, c.timetable, report), 'application/geo+json');
        return json(res, 200, report);
      }
      if (p === '/v1/runs' || p.startsWith('/v1/runs/')) {
        const key = req.headers['x-api-key'] ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (key !== STUB_API_KEY) return json(res, 401, { title: 'Unauthorized', status: 401, detail: 'missing or invalid API key' }, 'application/problem+json');
        if (p === '/v1/runs') {
          const c = byCode.get(url.searchParams.get('county') ?? '');
          const runs = (c?.timetable.lines ?? []).slice(0, 5).map((l, i) => ({ id: `${url.searchParams.get('date')}-${l.id}`, kind: 'line', tier: l.tier, lineId: l.id, vehicle: l.vehicle, depart: '08:30', capacityKg: 1000, loadKg: 300 + 200 * i, parcels: 20 + i }));
          return json(res, 200, { runs });
        }
        const m = /^\/v1\/runs\/([^/]+)\/manifest$/.exec(p);
        if (m) {
          // The shape of src/dispatch/manifest.ts Manifest.
          const parcel = (n: number) => ({ carrier: 'EMS', trackingNo: `EMS${n}`, villageCode: 'x', weightKg: 2, volumeL: 5, temperature: 'ambient', status: 'assigned', eta: null });
          return json(res, 200, {
            run: { id: decodeURIComponent(m[1]!), vehicle: 'demo', capacityKg: 1000, loadKg: 300 },
            stops: [
              { seq: 0, node: 'hub', name: 'hub', kind: 'township_hub', arrive: '08:30', depart: '08:30', kg: 0, m3: 0, parcels: [] },
              { seq: 1, node: 'v1', name: 'village 1', kind: 'village_point', arrive: '09:10', depart: '09:15', kg: 4, m3: 0.01, parcels: [parcel(1), parcel(2)] },
            ],
          });
        }
      }
      if (p.startsWith('/vendor/')) {
        for (const [prefix, dir] of Object.entries(assets.vendor)) {
          if (p.startsWith(prefix + '/') && (await sendFile(res, dir, p.slice(prefix.length + 1)))) return;
        }
      } else if (await sendFile(res, assets.staticDir, p === '/' ? 'index.html' : p.slice(1))) return;
      json(res, 404, { title: 'Not Found', status: 404 }, 'application/problem+json');
    })().catch((err: unknown) => json(res, 500, { title: 'Internal', status: 500, detail: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
