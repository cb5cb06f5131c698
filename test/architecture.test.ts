/**
 * The dependency direction of ARCHITECTURE.md §2 and STYLE.md, enforced: solver ← src ← workers;
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
