/**
 * No function, method, constructor, accessor or arrow function under src/, solver/ or workers/ has
 * a body longer than 150 lines. Parsed with the TypeScript compiler API, so the count is the body
 * of the function as the compiler sees it (from its opening to its closing line), whatever the
 * formatting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIRS = ['src', 'solver', 'workers'];
const MAX_LINES = 150;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...tsFiles(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name !== undefined) return named.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent !== undefined && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    return parent.name.getText(sf);
  }
  return '(anonymous)';
}

/** `file:line name (N lines)` for every function-like body longer than `max` lines in `file`. */
export function longFunctions(file: string, text: string, max: number): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) {
      const body = (node as ts.Node & { body?: ts.Node }).body;
      if (body !== undefined) {
        const first = sf.getLineAndCharacterOfPosition(body.getStart(sf)).line;
        const last = sf.getLineAndCharacterOfPosition(body.getEnd()).line;
        const lines = last - first + 1;
        if (lines > max) found.push(`${file}:${first + 1} ${nameOf(node, sf)} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('function length', () => {
  it('when a function body is longer than the limit, then the scan reports it', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const x${i} = ${i};`).join('\n');
    const text = `export function long() {\n${body}\n}\nconst short = () => 1;\nclass C { m() {\n${body}\n} }\n`;
    expect(longFunctions('x.ts', text, 5)).toEqual(['x.ts:1 long (7 lines)', 'x.ts:9 m (7 lines)']);
    expect(longFunctions('x.ts', text, 7)).toEqual([]);
  });

  it(`when scanning ${DIRS.join(', ')}, then no function body exceeds ${MAX_LINES} lines`, () => {
    const offenders: string[] = [];
    for (const d of DIRS) {
      for (const f of tsFiles(join(ROOT, d))) {
        offenders.push(...longFunctions(relative(ROOT, f), readFileSync(f, 'utf8'), MAX_LINES));
      }
    }
    expect(offenders).toEqual([]);
  });
});
