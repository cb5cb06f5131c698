/**
 * The installed command as users run it: `node bin/rural-dispatch.js`, which runs the compiled
 * build in dist/ (the global setup rebuilds it when stale; the first test checks that it is the
 * build of the current sources, so these tests never pass on an old dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const env = { ...process.env, DATABASE_URL: '', REDIS_URL: '' };
const tmp = mkdtempSync(path.join(tmpdir(), 'rd-bin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function bin(args: string[], nodeArgs: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeArgs, 'bin/rural-dispatch.js', ...args], { cwd: root, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/rural-dispatch.js (the build)', () => {
  it('runs the build of the current sources', () => {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('when asked for --version (or -V), then it prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = bin([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('when asked for --help, then it lists every registered command', () => {
    const program = new Command('rural-dispatch');
    for (const register of commands) register(program);
    const names = program.commands.map((c) => c.name());
    expect(names.length).toBeGreaterThan(0);
    const r = bin(['--help']);
    expect(r.status).toBe(0);
    const listed = [...r.stdout.split('Commands:')[1]!.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    expect(listed).toEqual([...names, 'help']);
  });

  it('--help loads neither a TypeScript loader nor the heavy dependencies of the commands', () => {
    const log = path.join(tmp, 'loaded.txt');
    writeFileSync(log, '');
    writeFileSync(
      path.join(tmp, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`,
    );
    writeFileSync(path.join(tmp, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(tmp, 'hooks.mjs')).href)});\n`);
    const r = bin(['--help'], ['--import', pathToFileURL(path.join(tmp, 'register.mjs')).href]);
    expect(r.status).toBe(0);
    const loaded = readFileSync(log, 'utf8').trim().split('\n');
    // The hook saw the program itself (so the list is real), all of it compiled JavaScript.
    expect(loaded.some((u) => u.endsWith('/dist/src/cli/main.js'))).toBe(true);
    expect(loaded.filter((u) => u.endsWith('.ts'))).toEqual([]);
    const heavy = /\/node_modules\/(tsx|esbuild|express|bullmq|ioredis|pg|@electric-sql|@turf|highs|zod|pino)\//;
    expect(loaded.filter((u) => heavy.test(u))).toEqual([]);
  });
});
