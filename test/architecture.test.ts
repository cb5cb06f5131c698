/**
 * The dependency direction of the project, enforced: solver ← src ← workers;
 * nothing outside solver/ reaches past solver/index.ts; solver/ uses no Node built-ins.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(abs, e);
    if (statSync(p).isDirectory()) {
      if (e === 'node_modules' || e === 'static') continue;
      out.push(...tsFiles(path.join(dir, e)));
    } else if (e.endsWith('.ts')) out.push(path.join(dir, e));
  }
  return out;
}

/** Import specifiers of a file (static `import … from`, `export … from`, dynamic `import()`). */
function imports(file: string): string[] {
  const src = readFileSync(path.join(root, file), 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) specs.push((m[1] ?? m[2])!);
  return specs;
}

function resolved(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return path.relative(root, path.resolve(root, path.dirname(file), spec));
}

describe('architecture', () => {
  it('solver/ imports nothing outside solver/ and no Node built-ins', () => {
    const bad: string[] = [];
    for (const f of tsFiles('solver')) {
      for (const s of imports(f)) {
        const r = resolved(f, s);
        if (r === null) {
          if (s.startsWith('node:') || ['fs', 'path', 'os', 'worker_threads', 'child_process'].includes(s)) bad.push(`${f} -> ${s}`);
        } else if (!r.startsWith('solver' + path.sep)) bad.push(`${f} -> ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('src/ never imports workers/, and reaches solver/ only through solver/index.ts', () => {
    const bad: string[] = [];
    for (const f of [...tsFiles('src'), ...tsFiles('workers')]) {
      for (const s of imports(f)) {
        const r = resolved(f, s);
        if (r === null) continue;
        if (f.startsWith('src') && r.startsWith('workers' + path.sep)) bad.push(`${f} -> ${s}`);
        if (r.startsWith('solver' + path.sep) && r !== path.join('solver', 'index.ts')) bad.push(`${f} -> ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('src/api and workers/ never import each other', () => {
    const bad: string[] = [];
    for (const f of tsFiles('src/api')) {
      for (const s of imports(f)) if (resolved(f, s)?.startsWith('workers' + path.sep)) bad.push(`${f} -> ${s}`);
    }
    for (const f of tsFiles('workers')) {
      for (const s of imports(f)) if (resolved(f, s)?.startsWith(path.join('src', 'api') + path.sep)) bad.push(`${f} -> ${s}`);
    }
    expect(bad).toEqual([]);
  });
});

/** String and template literals of a TypeScript source (comments removed first). */
function stringLiterals(src: string): string[] {
  const noComments = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
  const out: string[] = [];
  for (const m of noComments.matchAll(/`(?:[^`\\]|\\[\s\S])*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g)) out.push(m[0]);
  return out;
}

/** A SQL statement inside a literal: SELECT … FROM, INSERT INTO, UPDATE … SET, DELETE FROM, CREATE/DROP/ALTER TABLE, TRUNCATE. */
const SQL_STATEMENT =
  /\bSELECT\b[\s\S]*?\bFROM\b|\bSELECT\s+(?:1|\d|pg_|count\(|\$\d)|\bINSERT\s+INTO\b|\bUPDATE\s+\w+(?:\s+\w+)?\s+SET\b|\bDELETE\s+FROM\b|\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|SCHEMA)\b|\bTRUNCATE\b/;

/** Files of `files` importing one of `modules` (bare specifiers, also sub-paths). */
function importing(files: readonly string[], modules: readonly string[]): string[] {
  const bad: string[] = [];
  for (const f of files) {
    for (const s of imports(f)) if (modules.some((m) => s === m || s.startsWith(m + '/'))) bad.push(`${f} -> ${s}`);
  }
  return bad;
}

describe('architecture: ports and adapters', () => {
  const outside = tsFiles('src').filter((f) => !f.startsWith(path.join('src', 'persistence') + path.sep));

  it('no file outside src/persistence imports pg or PGlite', () => {
    expect(importing(outside, ['pg', '@electric-sql/pglite', '@electric-sql/pglite-socket'])).toEqual([]);
  });

  it('no SQL statement in a string or template literal outside src/persistence', () => {
    const bad: string[] = [];
    for (const f of outside) {
      for (const lit of stringLiterals(readFileSync(path.join(root, f), 'utf8'))) {
        if (SQL_STATEMENT.test(lit)) bad.push(`${f}: ${lit.slice(0, 80)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the SQL detector finds statements and ignores prose', () => {
    const hits = (src: string): number => stringLiterals(src).filter((l) => SQL_STATEMENT.test(l)).length;
    expect(hits("const q = 'SELECT id FROM parcels WHERE x = $1';")).toBe(1);
    expect(hits('db.query(`UPDATE parcels p SET status = $1`);')).toBe(1);
    expect(hits("x('INSERT INTO runs (id) VALUES ($1)'); y(\"DELETE FROM runs\"); z(`CREATE TABLE t (a int)`);")).toBe(3);
    expect(hits("ping('SELECT 1')")).toBe(1);
    expect(hits("// SELECT id FROM parcels\nconst m = 'select a village from the list';")).toBe(0);
  });

  it('src/domain imports no express, pg, PGlite, bullmq or ioredis', () => {
    expect(importing(tsFiles('src/domain'), ['express', 'pg', '@electric-sql/pglite', 'bullmq', 'ioredis'])).toEqual([]);
  });

  it('ports (src/*/ports.ts, src/domain/unit-of-work.ts) import no adapter library', () => {
    const ports = tsFiles('src').filter((f) => path.basename(f) === 'ports.ts' || f === path.join('src', 'domain', 'unit-of-work.ts'));
    expect(ports.length).toBeGreaterThan(4);
    expect(importing(ports, ['express', 'pg', '@electric-sql/pglite', 'bullmq', 'ioredis'])).toEqual([]);
  });

  it('the use cases of ingest, dispatch, coverage and auth and the domain reach storage only through ports', () => {
    const bad: string[] = [];
    for (const dir of ['src/ingest', 'src/dispatch', 'src/coverage', 'src/auth', 'src/domain', 'src/timetable', 'src/routing']) {
      for (const f of tsFiles(dir)) {
        for (const s of imports(f)) {
          const r = resolved(f, s);
          if (r !== null && r.startsWith(path.join('src', 'persistence') + path.sep)) bad.push(`${f} -> ${s}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the queue adapters (bullmq.ts, in-process.ts) do not import each other', () => {
    const bad: string[] = [];
    const adapters = [path.join('src', 'queue', 'bullmq.ts'), path.join('src', 'queue', 'in-process.ts')];
    for (const f of adapters) {
      for (const s of imports(f)) {
        const r = resolved(f, s);
        if (r !== null && r !== f && adapters.includes(r)) bad.push(`${f} -> ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
