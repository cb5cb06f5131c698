/** Feed rows in camelCase (JSON) or snake_case (CSV columns, deprecated in JSON): same parcel, reasons in the row's spelling. */
import { describe, expect, it } from 'vitest';
import { validateRow } from '../../src/ingest/schema.ts';

const camel = { trackingNo: 'A-1', destCode: '630123100001', weightKg: 2, volumeL: 3, readyAt: '2026-12-03T06:00+08:00' };
const snake = { tracking_no: 'A-1', dest_code: '630123100001', weight_kg: '2', volume_l: '3', ready_at: '2026-12-02T22:00Z' };

describe('feed row names', () => {
  it('reads the same parcel from either spelling', () => {
    const a = validateRow(1, camel, 'ZTO');
    const b = validateRow(1, snake, 'ZTO', 'csv', 'snake');
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.parcel).toEqual(b.parcel);
  });

  it('names fields and the fields a reason mentions the way the row spells them', () => {
    const c = validateRow(3, { trackingNo: 'A-2', weightKg: 2, volumeL: 3, readyAt: '2026-12-03T06:00', dueBy: '2026-12-02T06:00' }, 'ZTO');
    expect(c).toEqual({
      ok: false,
      issues: [
        { file: 'body', row: 3, field: 'destCode', reason: 'one of destCode, destLon+destLat or destAddress is required' },
        { file: 'body', row: 3, field: 'dueBy', reason: 'must not be before readyAt' },
      ],
    });
    const s = validateRow(4, { tracking_no: 'A-2', weight_kg: 2, volume_l: 3, ready_at: '2026-12-03T06:00' }, 'ZTO', 'csv', 'snake');
    expect(s).toEqual({ ok: false, issues: [{ file: 'csv', row: 4, field: 'dest_code', reason: 'one of dest_code, dest_lon+dest_lat or dest_address is required' }] });
  });

  it('a row without any known field is named in the format default', () => {
    const j = validateRow(1, {}, 'ZTO');
    const c = validateRow(1, {}, 'ZTO', 'csv', 'snake');
    expect(j.ok ? [] : j.issues.map((i) => i.field)).toContain('trackingNo');
    expect(c.ok ? [] : c.issues.map((i) => i.field)).toContain('tracking_no');
  });
});
