/**
 * Every CSV export escapes spreadsheet formulas: a text cell starting with = + - @ (or tab/CR) gets
 * a leading apostrophe, numbers stay numbers. Checked on the shared writer, the manifest CSV and the
 * coverage CSV, by parsing the CSV back.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { computeCoverage, coverageToCsv } from '../../src/coverage/index.ts';
import { renderManifestCsv } from '../../src/dispatch/index.ts';
import { spreadsheetSafe, stringifyCsv } from '../../src/domain/csv.ts';
import type { Manifest } from '../../src/domain/runs.ts';
import { tinyDataset, tinyTimetable } from '../coverage/fixture.ts';

const EVIL = '=HYPERLINK("http://x","y")';

describe('spreadsheet formula escaping of CSV exports', () => {
  it('prefixes formula-like text and leaves plain numbers alone', () => {
    expect(['=1+1', '+86 138', '-cmd', '@SUM(A1)', '\tx', 'ok', '-1.5', '+3'].map(spreadsheetSafe)).toEqual([
      "'=1+1",
      "'+86 138",
      "'-cmd",
      "'@SUM(A1)",
      "'\tx",
      'ok',
      '-1.5',
      '+3',
    ]);
    const rows = parse(stringifyCsv([[EVIL, -2, 'a']]), {}) as string[][];
    expect(rows).toEqual([[`'${EVIL}`, '-2', 'a']]);
  });

  it('when a manifest carries a carrier named like a formula, then its CSV cell is text', () => {
    const m = {
      run: { id: 'R1', date: '2026-11-30' },
      stops: [
        {
          seq: 1,
          node: '630123100001',
          name: '@stop',
          kind: 'village_point',
          arrive: '09:00',
          depart: '09:05',
          kg: 2,
          m3: 0.004,
          parcels: [{ carrier: EVIL, trackingNo: 'T1', villageCode: '630123100001', weightKg: 2, volumeL: 4, temperature: 'ambient', status: 'assigned', eta: null }],
        },
      ],
    } as unknown as Manifest;
    const rows = parse(renderManifestCsv(m), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]!.carrier).toBe(`'${EVIL}`);
    expect(rows[0]!.stop_name).toBe("'@stop");
    expect(rows[0]!.weight_kg).toBe('2');
  });

  it('when a township is named like a formula, then the coverage CSV cell is text', () => {
    const dataset = tinyDataset();
    const hub = dataset.nodes.find((n) => n.kind === 'township_hub')!;
    const named = { ...dataset, nodes: dataset.nodes.map((n) => (n === hub ? { ...n, name: `=${n.name}` } : n)) };
    const text = coverageToCsv(computeCoverage({ dataset: named, timetable: tinyTimetable() }), { headers: 'en' });
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    const cells = rows.flatMap((r) => Object.values(r));
    expect(cells).toContain(`'=${hub.name}`);
    expect(cells.some((c) => c.startsWith('='))).toBe(false);
  });
});
