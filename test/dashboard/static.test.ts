/**
 * The dashboard's static files without a browser: what `dashboardAssets()` points at exists, nothing
 * is fetched from the internet, and every label exists in both languages.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardAssets } from '../../src/dashboard/index.ts';

const assets = dashboardAssets();
const files = readdirSync(assets.staticDir);
const read = (f: string): string => readFileSync(path.join(assets.staticDir, f), 'utf8');

describe('dashboard assets', () => {
  it('serves index.html and Leaflet from node_modules', () => {
    expect(files).toContain('index.html');
    expect(existsSync(path.join(assets.vendor['/vendor/leaflet']!, 'leaflet-src.esm.js'))).toBe(true);
    expect(existsSync(path.join(assets.vendor['/vendor/leaflet']!, 'leaflet.css'))).toBe(true);
  });

  it('loads nothing from another origin (works offline)', () => {
    for (const f of files.filter((x) => /\.(html|js|css)$/.test(x))) {
      expect(read(f), f).not.toMatch(/(src|href)=["']https?:|from\s+["']https?:|url\(\s*["']?https?:|tile\.openstreetmap|unpkg|jsdelivr|cdnjs/);
    }
  });

  it('imports only files that exist', () => {
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      for (const m of read(f).matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        const target = spec.startsWith('/vendor/leaflet/')
          ? path.join(assets.vendor['/vendor/leaflet']!, spec.slice('/vendor/leaflet/'.length))
          : path.join(assets.staticDir, spec);
        expect(existsSync(target), `${f} imports ${spec}`).toBe(true);
      }
    }
  });

  it('has every label of the page in Chinese and English', async () => {
    const { LABELS } = (await import(path.join(assets.staticDir, 'i18n.js'))) as { LABELS: Record<'zh' | 'en', Record<string, string>> };
    expect(Object.keys(LABELS.en).sort()).toEqual(Object.keys(LABELS.zh).sort());
    const used = new Set<string>();
    for (const m of read('index.html').matchAll(/data-i18n="([^"]+)"/g)) used.add(m[1]!);
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      for (const m of read(f).matchAll(/\bt\('([^']+)'\)|label: '([^']+)'/g)) used.add((m[1] ?? m[2])!);
    }
    const missing = [...used].filter((k) => !(k in LABELS.zh));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(30);
  });
});
