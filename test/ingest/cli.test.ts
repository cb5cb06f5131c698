import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

const feed = (name: string): string => new URL(`../../data/feeds/${name}`, import.meta.url).pathname;

/** Runs the CLI in-process and captures stdout and stderr. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const before = process.exitCode;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.exitCode = before;
    o.mockRestore();
    e.mockRestore();
  }
}

describe('rural-dispatch ingest (embedded database)', () => {
  let dir = '';
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-ingest-cli-'));
    delete process.env.DATABASE_URL; // this suite exercises the embedded default
  });
  afterAll(async () => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('imports the demo county on first use; when some rows are invalid, it stores the rest, reports each row and exits 2', async () => {
    const r = await run(['ingest', feed('yunda-2026-11-30.csv'), '--carrier', 'YUNDA', '--data', dir]);
    expect(r.err).toMatch(/imported county 630123/);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out) as { accepted: number; rejected: { row: number; field: string }[] };
    expect(report.accepted).toBe(300);
    expect(report.rejected.map((x) => x.row)).toEqual([151, 152, 153, 154, 155, 156]);
  });

  it('when the file is missing or of an unknown type, then it exits 2 naming the problem', async () => {
    const missing = await run(['ingest', path.join(dir, 'nope.csv'), '--carrier', 'SF', '--data', dir]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot be read/);
    const unknown = await run(['ingest', path.join(dir, 'feed.xml'), '--carrier', 'SF', '--data', dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--format/);
  });

  it('when a JSON feed file is not valid JSON, then it exits 2 naming the file', async () => {
    const bad = path.join(dir, 'broken.json');
    await writeFile(bad, '[{"carrier": "SF",');
    const r = await run(['ingest', bad, '--carrier', 'SF', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}: body: is not valid JSON`);
  });

  it('when a running serve holds the embedded database, then ingest refuses it and names the holder', async () => {
    // A live process (this test runner) holding the directory, as `serve` would.
    await writeFile(path.join(dir, 'rural-dispatch.lock'), JSON.stringify({ pid: process.ppid, command: 'serve', url: 'http://127.0.0.1:9/', since: new Date().toISOString() }));
    try {
      const r = await run(['ingest', feed('sf-2026-11-30.json'), '--carrier', 'SF', '--data', dir]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/serve/);
      expect(r.err).toContain('POST http://127.0.0.1:9/v1/parcels');
    } finally {
      await rm(path.join(dir, 'rural-dispatch.lock'), { force: true });
    }
  });
});
