/**
 * Harness of the dashboard browser test: finds Debian's chromium (skip with a notice, or fail under
 * CI=true), launches it headless through playwright-core with a fresh profile, and starts the server
 * under test: the real `rural-dispatch serve` when that command exists, else the stub of
 * ./stub-server.ts (RD_DASHBOARD_SERVER=stub|real forces one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { startStubServer } from './stub-server.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Chromium to drive: CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when chromium exists; false with a visible notice; throws under CI=true (never skip in CI). */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const msg = `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${msg} and CI=true: failing instead of skipping`);
  console.warn(`\n  NOTICE: ${msg}; the dashboard browser test is SKIPPED.\n`);
  return false;
}

/** A headless chromium with a fresh, throw-away user-data dir. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'rd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The sample service day of data/feeds (湟源县, Monday 2026-11-30). */
export const SAMPLE_DAY = '2026-11-30';

/** Hours from ready_at to the delivered scan given to the n-th seeded parcel (cycled). */
export const SEEDED_LEAD_HOURS = [6, 21, 36, 51];

/**
 * Fills a real server with one service day through its API: ingests the SF sample feed, dispatches
 * the day (`?wait=true`), and records `delivered` scans for the first 40 parcels with a village code
 * at ready_at + 6/21/36/51 h. Answers how many scans were recorded.
 */
export async function seedServiceDay(url: string, key: string, county: string): Promise<number> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const feedText = readFileSync(path.join(root, 'data/feeds', `sf-${SAMPLE_DAY}.json`), 'utf8');
  const ingest = await fetch(`${url}/v1/parcels`, { method: 'POST', headers, body: feedText });
  if (ingest.status !== 200) throw new Error(`POST /v1/parcels answered ${ingest.status}: ${await ingest.text()}`);
  const dispatch = await fetch(`${url}/v1/dispatch?wait=true`, { method: 'POST', headers, body: JSON.stringify({ county, date: SAMPLE_DAY }) });
  if (dispatch.status !== 200) throw new Error(`POST /v1/dispatch answered ${dispatch.status}: ${await dispatch.text()}`);
  const feed = JSON.parse(feedText) as { carrier: string; tracking_no: string; ready_at: string; dest_code?: string }[];
  const events = feed
    .filter((p) => p.dest_code)
    .slice(0, 40)
    .map((p, i) => ({
      carrier: p.carrier,
      trackingNo: p.tracking_no,
      kind: 'delivered',
      at: new Date(Date.parse(p.ready_at) + SEEDED_LEAD_HOURS[i % SEEDED_LEAD_HOURS.length]! * 3_600_000).toISOString(),
      node: p.dest_code,
    }));
  const scans = await fetch(`${url}/v1/events`, { method: 'POST', headers, body: JSON.stringify(events) });
  if (scans.status !== 200) throw new Error(`POST /v1/events answered ${scans.status}: ${await scans.text()}`);
  return ((await scans.json()) as { recorded: number }).recorded;
}

/** The server the browser talks to. */
export interface ServerUnderTest {
  readonly url: string;
  readonly kind: 'real' | 'stub';
  /** API key for the operator routes, when known (stub: its fixed key; real: RD_TEST_API_KEY). */
  readonly apiKey: string | null;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** True when the CLI registers a `serve` command (the API helper's work has landed). */
export function realServeExists(): boolean {
  const file = path.join(root, 'src/cli/commands/index.ts');
  return existsSync(path.join(root, 'src/cli/commands/serve.ts')) && /serve/.test(readFileSync(file, 'utf8'));
}

async function waitForCounties(url: string, child: ChildProcess, log: () => string): Promise<void> {
  // Poll until the server answers /v1/counties with at least one county (demo county loaded).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${log()}`);
    try {
      const r = await fetch(`${url}/v1/counties`);
      if (r.ok) {
        const body = (await r.json()) as unknown;
        const list = Array.isArray(body) ? body : ((body as { counties?: unknown[]; items?: unknown[] }).counties ?? (body as { items?: unknown[] }).items ?? []);
        if (list.length > 0) return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Plans the demo county's timetable through the API (POST /v1/plans, then poll the job) so the map has lines. */
async function planDemoTimetable(url: string, key: string): Promise<void> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const counties = (await (await fetch(`${url}/v1/counties`)).json()) as { counties: { code: string }[] };
  const county = counties.counties[0]!.code;
  const r = await fetch(`${url}/v1/plans`, { method: 'POST', headers, body: JSON.stringify({ county, seconds: 5, seed: 1 }) });
  if (r.status !== 202) throw new Error(`POST /v1/plans answered ${r.status}: ${await r.text()}`);
  const { id } = (await r.json()) as { id: string };
  for (;;) {
    const job = (await (await fetch(`${url}/v1/plans/${id}`, { headers })).json()) as { state: string; error: unknown };
    if (job.state === 'completed') return;
    if (job.state === 'failed' || job.state === 'cancelled') throw new Error(`plan job ${id} ${job.state}: ${JSON.stringify(job.error)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

async function startReal(): Promise<ServerUnderTest> {
  const port = await freePort();
  const data = mkdtempSync(path.join(os.tmpdir(), 'rd-serve-'));
  const child = spawn(process.execPath, ['bin/rural-dispatch.js', 'serve', '--port', String(port), '--data', data, '--no-plan-missing'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForCounties(url, child, () => output);
  // On first start `serve` prints a local operator key on the line after this notice.
  const keyLine = (): string | null => /local operator API key[^\n]*\n(\S+)/.exec(output)?.[1] ?? null;
  // A fresh --data dir always gets one; give up after a few seconds (then: no operator checks).
  const giveUp = Date.now() + 10_000;
  while (keyLine() === null && child.exitCode === null && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 100));
  const apiKey = process.env.RD_TEST_API_KEY ?? keyLine();
  if (apiKey) {
    await planDemoTimetable(url, apiKey);
    const counties = (await (await fetch(`${url}/v1/counties`)).json()) as { counties: { code: string }[] };
    await seedServiceDay(url, apiKey, counties.counties[0]!.code);
  } else console.warn('  NOTICE: serve printed no operator key: the demo county is shown without a timetable.');
  return {
    url,
    kind: 'real',
    apiKey,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

async function startStub(): Promise<ServerUnderTest> {
  const datasets = await Promise.all(['630123-huangyuan', '632223-haiyan'].map((s) => loadDataset(path.join(root, 'data/counties', s))));
  const s = await startStubServer(datasets);
  const { STUB_API_KEY } = await import('./stub-server.ts');
  return { url: s.url, kind: 'stub', apiKey: STUB_API_KEY, close: () => s.close() };
}

/** Starts the real server when `serve` exists (or RD_DASHBOARD_SERVER=real), else the stub, with a notice. */
export async function startServer(): Promise<ServerUnderTest> {
  const want = process.env.RD_DASHBOARD_SERVER;
  if (want === 'real' || (want !== 'stub' && realServeExists())) return startReal();
  console.warn(`\n  NOTICE: ${want === 'stub' ? 'RD_DASHBOARD_SERVER=stub' : '`rural-dispatch serve` is not available yet'}: the dashboard test runs against the stub server.\n`);
  return startStub();
}
