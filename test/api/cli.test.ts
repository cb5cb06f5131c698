/**
 * The `serve` and `keys create` commands as users run them (`node bin/rural-dispatch.js …`), on an
 * embedded database in a temporary folder: first start imports the demo county and prints a key
 * that works and plans the demo county in the background; a second start prints no key; SIGTERM
 * stops the server with exit code 0.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'rd-serve-'));
const env = { ...process.env, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' };
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function serve(...extra: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/rural-dispatch.js', 'serve', '--port', '0', '--data', dataDir, ...extra], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, exited };
}

describe('rural-dispatch serve and keys', () => {
  it('when serve starts on an empty database, then it loads the demo county and prints an operator key that works', async () => {
    const s = serve();
    const url = await waitFor(() => /API and dashboard: (http:\/\/\S+)/.exec(s.out())?.[1], 'the URL line', 90_000);
    const key = await waitFor(() => /local operator API key[^\n]*\n(rd_\S+)/.exec(s.out())?.[1], 'the key line');
    const me = await fetch(`${url}v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ role: 'operator', county: '630123' });
    const counties = (await (await fetch(`${url}v1/counties`)).json()) as { counties: { code: string }[] };
    expect(counties.counties.map((c) => c.code)).toEqual(['630123']);
    expect((await fetch(`${url}readyz`)).status).toBe(200);
    expect((await fetch(url)).headers.get('content-type')).toContain('text/html');
    // First start also plans the demo county in the background, so the map has lines at once.
    const stored = await waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 500));
        const r = await fetch(`${url}v1/counties/630123/timetable`, { headers: { authorization: `Bearer ${key}` } });
        return r.status === 200 ? ((await r.json()) as { timetable: { county: string; lines: unknown[] } }) : undefined;
      },
      'the demo timetable planned at first start',
      180_000,
    );
    expect(stored.timetable.county).toBe('630123');
    expect(stored.timetable.lines.length).toBeGreaterThan(0);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('when keys create runs, then the key is the last line and the server accepts it; a second start prints no key', async () => {
    const r = spawnSync(process.execPath, ['bin/rural-dispatch.js', 'keys', 'create', '--role', 'carrier', '--carrier', 'EMS', '--data', dataDir], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const key = lines.at(-1)!;
    expect(key).toMatch(/^rd_[A-Za-z0-9_-]{43}$/);
    const admin = spawnSync(process.execPath, ['bin/rural-dispatch.js', 'keys', 'create', '--role', 'admin', '--data', dataDir], { cwd: root, env, encoding: 'utf8' });
    expect(admin.status).toBe(0);
    const adminKey = admin.stdout.trim().split('\n').at(-1)!;
    const bad = spawnSync(process.execPath, ['bin/rural-dispatch.js', 'keys', 'create', '--role', 'operator', '--data', dataDir], { cwd: root, env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/county: is required for an operator key/);

    const s = serve();
    const url = await waitFor(() => /API and dashboard: (http:\/\/\S+)/.exec(s.out())?.[1], 'the URL line', 90_000);
    expect(s.out()).not.toMatch(/local operator API key/);
    const me = await fetch(`${url}v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ role: 'carrier', carrier: 'EMS', county: null });
    // The admin key made by the CLI creates carrier keys through the API.
    const made = await fetch(`${url}v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'carrier', carrier: 'SF' }),
    });
    expect(made.status).toBe(201);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
