/**
 * The dashboard in a real browser (headless Debian chromium via playwright-core) against a running
 * server (./harness.ts): the map draws what the API's coverage GeoJSON holds, the numbers on the page
 * are the API's numbers, the language toggle switches the labels, exports answer, the operator view
 * asks for a key and shows runs with load bars. Saves screenshots under test-output/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountyCoverage, CoverageReport } from '../../src/coverage/index.ts';
import { chromiumAvailable, launchBrowser, SAMPLE_DAY, startServer, type ServerUnderTest } from './harness.ts';

const OUT = path.resolve(import.meta.dirname, '../../test-output');
const haveChromium = chromiumAvailable();

/** The test's own copy of the page's number format (src/dashboard/static/format.js). */
function fmt(kind: 'rate' | 'count' | 'hours' | 'money' | 'km' | 'number', v: unknown, lang: 'zh' | 'en'): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  if (kind === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (kind === 'count') return String(v);
  if (kind === 'hours') return `${v.toFixed(1)} ${lang === 'zh' ? '小时' : 'h'}`;
  if (kind === 'money') return `¥${v.toFixed(2)}`;
  if (kind === 'km') return `${v.toFixed(1)} km`;
  return v.toFixed(1);
}

/** Cards the page must show: test id → how the county report holds the value (independent of the page). */
const CARDS: [string, Parameters<typeof fmt>[0], (c: CountyCoverage) => unknown][] = [
  ['villages', 'count', (c) => c.villages],
  ['poor-villages', 'count', (c) => c.poorVillages],
  ['station-rate', 'rate', (c) => c.stations.rate],
  ['poor-station-rate', 'rate', (c) => c.poorStations.rate],
  ['served-rate', 'rate', (c) => c.service?.all.rate],
  ['poor-served-rate', 'rate', (c) => c.service?.poor.rate],
  ['band-daily', 'count', (c) => c.service?.bands.daily],
  ['band-d3to6', 'count', (c) => c.service?.bands.d3to6],
  ['band-d1to2', 'count', (c) => c.service?.bands.d1to2],
  ['band-none', 'count', (c) => c.service?.bands.none],
  ['lead-mean', 'hours', (c) => c.plannedLeadTime?.mean],
  ['lead-p50', 'hours', (c) => c.plannedLeadTime?.p50],
  ['lead-p95', 'hours', (c) => c.plannedLeadTime?.p95],
  ['bus-share', 'rate', (c) => c.planned?.busShare],
  ['cost-per-parcel', 'money', (c) => c.cost?.costPerParcel],
  ['km-per-parcel', 'km', (c) => c.cost?.kmPerParcel],
  ['communities', 'count', (c) => c.communities.villages],
];

const asAttr = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

describe.skipIf(!haveChromium)('dashboard in chromium', () => {
  let server: ServerUnderTest;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let county: string;
  let report: CoverageReport;
  let geo: { features: { properties: { layer: string } }[] };

  const api = async <T>(p: string): Promise<T> => {
    const r = await fetch(server.url + p);
    expect(r.status, `GET ${p}`).toBe(200);
    return (await r.json()) as T;
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const body = await api<unknown>('/v1/counties');
    const list = (Array.isArray(body) ? body : ((body as { counties?: unknown[] }).counties ?? [])) as { code: string }[];
    county = list[0]!.code;
    report = await api<CoverageReport>(`/v1/coverage?county=${county}`);
    geo = await api(`/v1/coverage?county=${county}&format=geojson`);
    await page.goto(`${server.url}/?county=${county}&lang=zh`);
    await page.waitForSelector('body[data-ready="true"], body[data-ready="error"]');
    expect(errors).toEqual([]);
    expect(await page.getAttribute('body', 'data-ready'), await page.textContent('[data-testid="status"]') ?? '').toBe('true');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws every village, community, hub, line and bus leg of the coverage GeoJSON on the map', async () => {
    const count = (layer: string): number => geo.features.filter((f) => f.properties.layer === layer).length;
    expect(count('village')).toBeGreaterThan(0);
    if (report.counties[0]!.timetable !== null) expect(count('line')).toBeGreaterThan(0);
    expect(await page.locator('#map path.rd-village').count()).toBe(count('village'));
    expect(await page.locator('#map path.rd-community').count()).toBe(count('community'));
    expect(await page.locator('#map path.rd-hub').count()).toBe(count('hub'));
    expect(await page.locator('#map path.rd-line').count()).toBe(count('line'));
    expect(await page.locator('#map path.rd-bus').count()).toBe(count('bus'));
    expect(await page.locator('#map path.rd-boundary').count()).toBe(count('boundary'));
    // Stations and poor villages are marked: classes follow the API's flags.
    const c = report.counties[0]!;
    const villages = c.villageRows.filter((r) => !r.community);
    expect(await page.locator('#map path.rd-village.station').count()).toBe(villages.filter((r) => r.station).length);
    expect(await page.locator('#map path.rd-poor-ring').count()).toBe(c.villageRows.filter((r) => r.poor).length);
    expect(await page.locator('#map path.rd-village.band-daily').count()).toBe(c.service ? c.service.bands.daily : 0);
    await page.screenshot({ path: path.join(OUT, 'dashboard-zh.png'), fullPage: true });
  });

  it('shows the numbers of GET /v1/coverage', async () => {
    const c = report.counties[0]!;
    for (const [id, kind, read] of CARDS) {
      const card = page.locator(`[data-testid="metric-${id}"]`);
      expect(await card.getAttribute('data-value'), id).toBe(asAttr(read(c)));
      expect(await page.textContent(`[data-testid="value-${id}"]`), id).toBe(fmt(kind, read(c), 'zh'));
    }
    const rows = page.locator('[data-testid="township-row"]');
    expect(await rows.count()).toBe(c.townships.length);
    for (const [i, tw] of c.townships.entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-code')).toBe(tw.code);
      const cell = row.locator('[data-testid="cell-station-rate"]');
      expect(await cell.getAttribute('data-value')).toBe(asAttr(tw.stations.rate));
      expect(await cell.textContent()).toBe(fmt('rate', tw.stations.rate, 'zh'));
      expect(await row.locator('[data-testid="cell-served-rate"]').textContent()).toBe(fmt('rate', tw.service?.all.rate, 'zh'));
      expect(await row.locator('[data-testid="cell-villages"]').textContent()).toBe(String(tw.villages));
    }
    const bars = page.locator('[data-testid="chart-stations"] [data-testid="bar-station"]');
    expect(await bars.count()).toBe(c.townships.length);
    expect(await page.locator('[data-testid="chart-stations"] [data-testid="target-line"]').count()).toBe(1);
  });

  it('compares the counties of the province with GET /v1/coverage?province=', async () => {
    const province = await api<CoverageReport>(`/v1/coverage?province=${county.slice(0, 2)}`);
    await page.waitForSelector('body[data-province-ready="true"]');
    const rows = page.locator('[data-testid="province-row"]');
    expect(await rows.count()).toBe(province.counties.length);
    for (const [i, c] of province.counties.entries()) {
      expect(await rows.nth(i).getAttribute('data-code')).toBe(c.code);
      expect(await rows.nth(i).locator('[data-testid="cell-station-rate"]').textContent()).toBe(fmt('rate', c.stations.rate, 'zh'));
      expect(await rows.nth(i).locator('[data-testid="cell-served-rate"]').textContent()).toBe(fmt('rate', c.service?.all.rate, 'zh'));
    }
    const total = page.locator('[data-testid="province-total"]');
    expect(await total.locator('[data-testid="cell-villages"]').textContent()).toBe(String(province.total.villages));
    expect(await total.locator('[data-testid="cell-poor-station-rate"]').getAttribute('data-value')).toBe(asAttr(province.total.poorStations.rate));
  });

  it('switches labels between Chinese and English', async () => {
    const label = '[data-testid="label-station-rate"]';
    expect(await page.textContent(label)).toBe('站点覆盖率');
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForSelector('html[lang="en"]');
    expect(await page.textContent(label)).toBe('Station coverage');
    expect(await page.textContent('[data-testid="tab-coverage"]')).toBe('Coverage');
    const lead = report.counties[0]!.plannedLeadTime?.p50;
    expect(await page.textContent('[data-testid="value-lead-p50"]')).toBe(fmt('hours', lead, 'en'));
    await page.screenshot({ path: path.join(OUT, 'dashboard-en.png'), fullPage: true });
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForSelector('html[lang="zh-CN"]');
    expect(await page.textContent(label)).toBe('站点覆盖率');
  });

  it('shows actual figures for a period, equal to GET /v1/coverage?from=&to=', async () => {
    // Before a period is chosen there are no actual cards.
    expect(await page.locator('[data-testid="metric-within-24h"]').count()).toBe(0);
    await page.fill('[data-testid="period-from"]', SAMPLE_DAY);
    await page.fill('[data-testid="period-to"]', SAMPLE_DAY);
    await page.click('[data-testid="period-apply"]');
    await page.waitForSelector('[data-testid="metric-within-24h"]');
    await page.waitForSelector('body[data-ready="true"]');
    const withPeriod = await api<CoverageReport>(`/v1/coverage?county=${county}&from=${SAMPLE_DAY}&to=${SAMPLE_DAY}`);
    const a = withPeriod.counties[0]!.actual!;
    expect(a.parcelsDown).toBeGreaterThan(0);
    expect(a.delivered).toBeGreaterThan(0);
    const cards: [string, Parameters<typeof fmt>[0], unknown][] = [
      ['within-24h', 'rate', a.within24h.rate],
      ['within-48h', 'rate', a.within48h.rate],
      ['actual-lead-p50', 'hours', a.leadTime.p50],
      ['actual-pickups', 'number', a.pickupsPerWeek],
    ];
    for (const [id, kind, v] of cards) {
      expect(await page.getAttribute(`[data-testid="metric-${id}"]`, 'data-value'), id).toBe(asAttr(v));
      expect(await page.textContent(`[data-testid="value-${id}"]`), id).toBe(fmt(kind, v, 'zh'));
    }
    expect(await page.getAttribute('[data-testid="export-csv"]', 'href')).toContain(`from=${SAMPLE_DAY}`);
    await page.screenshot({ path: path.join(OUT, 'dashboard-actual.png'), fullPage: true });
  });

  it('links exports that the API answers', async () => {
    const csvHref = await page.getAttribute('[data-testid="export-csv"]', 'href');
    const geoHref = await page.getAttribute('[data-testid="export-geojson"]', 'href');
    expect(csvHref).toContain(`county=${county}`);
    const csv = await fetch(server.url + csvHref);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n').length).toBeGreaterThan(report.counties[0]!.townships.length);
    const g = (await (await fetch(server.url + geoHref)).json()) as { features: unknown[] };
    expect(g.features.length).toBe(geo.features.length);
  });

  it('asks the operator for an API key and then lists runs with load bars', async () => {
    await page.click('[data-testid="tab-operator"]');
    await page.waitForSelector('[data-testid="view-operator"]:not([hidden])');
    await page.fill('[data-testid="api-key"]', '');
    await page.click('[data-testid="ops-load"]');
    await page.waitForSelector('[data-testid="ops-status"].error');
    expect(await page.textContent('[data-testid="ops-status"]')).toBe('请输入 API 密钥');
    if (server.apiKey === null) {
      console.warn('  NOTICE: no RD_TEST_API_KEY for the real server: the runs list is not checked.');
      return;
    }
    await page.fill('[data-testid="api-key"]', 'wrong-key');
    await page.click('[data-testid="ops-load"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="ops-status"]')?.textContent === 'API 密钥无效或无权限');
    await page.fill('[data-testid="ops-date"]', SAMPLE_DAY);
    await page.fill('[data-testid="api-key"]', server.apiKey);
    await page.click('[data-testid="ops-load"]');
    const date = SAMPLE_DAY;
    const headers = { authorization: `Bearer ${server.apiKey}` };
    const apiRuns = ((await (await fetch(`${server.url}/v1/runs?county=${county}&date=${date}`, { headers })).json()) as { runs: unknown[] }).runs;
    if (apiRuns.length === 0) {
      // Nothing dispatched that day: the page says so.
      await page.waitForFunction(() => document.querySelector('[data-testid="ops-status"]')?.textContent === '当日无班次');
      expect(await page.locator('[data-testid="run-row"]').count()).toBe(0);
      return;
    }
    await page.waitForSelector('[data-testid="run-row"]');
    const runs = await page.locator('[data-testid="run-row"]').count();
    expect(runs).toBe(apiRuns.length);
    expect(await page.locator('[data-testid="run-row"] [data-testid="load-bar"]').count()).toBe(runs);
    expect(await page.evaluate(() => localStorage.getItem('rural-dispatch.apiKey'))).toBe(server.apiKey);
    await page.locator('[data-testid="run-row"]').first().click();
    await page.waitForSelector('[data-testid="manifest-table"]');
    expect(await page.locator('[data-testid="manifest-stop"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUT, 'dashboard-operator.png'), fullPage: true });
  });
});
