/**
 * The officials' dashboard: plain HTML/CSS/JS modules under ./static, no build step.
 *
 * For the API (src/api/) — what to serve, read-only, with no authentication:
 *   `GET /` and `GET /<file>`   → the files of `staticDir` (index.html at `/`), e.g.
 *                                 `app.use(express.static(a.staticDir))`;
 *   `GET /vendor/leaflet/<file>` → the files of `vendor['/vendor/leaflet']` (Leaflet's dist folder:
 *                                 leaflet-src.esm.js, leaflet.css, images/), e.g.
 *                                 `for (const [url, dir] of Object.entries(a.vendor)) app.use(url, express.static(dir))`.
 *
 * The dashboard itself only talks to the API: `/v1/counties`, `/v1/coverage?county=` (JSON, the
 * `CoverageReport` of src/coverage), `/v1/coverage?county=&format=geojson` (map), `/v1/coverage.csv?county=`
 * (export), and, in the operator view with the API key from localStorage (sent as `X-API-Key` and
 * `Authorization: Bearer`), `/v1/runs?county=&date=` and `/v1/runs/:id/manifest`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** What the HTTP layer serves for the dashboard: static files and vendor folders by URL prefix. */
export interface DashboardAssets {
  /** Absolute folder served at `/` (index.html, app.js, …). */
  readonly staticDir: string;
  /** URL prefix → absolute folder, e.g. `/vendor/leaflet` → node_modules/leaflet/dist. */
  readonly vendor: Readonly<Record<string, string>>;
}

/** Locates the dashboard's static folder and its vendor libraries (resolved from node_modules). */
export function dashboardAssets(): DashboardAssets {
  const require = createRequire(import.meta.url);
  const leafletDir = path.join(path.dirname(require.resolve('leaflet/package.json')), 'dist');
  return {
    staticDir: path.join(import.meta.dirname, 'static'),
    vendor: { '/vendor/leaflet': leafletDir },
  };
}
