import { describe, expect, it } from 'vitest';
import { parseFeed, validateRow, MAX_FEED_ROWS, MAX_FEED_BYTES, FeedTooLargeError, parseCountyTime } from '../../src/ingest/index.ts';
import { ValidationError } from '../../src/errors.ts';
import { row } from '../persistence/fixtures.ts';

describe('parseFeed', () => {
  it('when the JSON body is not an array, then the whole feed is a 400 ValidationError', () => {
    const err = (() => {
      try {
        parseFeed('json', '{"tracking_no":"x"}');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('malformed_body');
  });

  it('when the JSON is broken, then it names the body', () => {
    expect(() => parseFeed('json', '[{')).toThrow(/body: is not valid JSON/);
  });

  it('numbers CSV rows from 1 after the header and flags rows with a wrong column count', () => {
    const rows = parseFeed('csv', 'tracking_no,weight_kg\nA,1\nB\n\nC,3\n');
    expect(rows.map((r) => [r.row, r.record === null])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('refuses more rows than the documented limit', () => {
    const body = Array.from({ length: MAX_FEED_ROWS + 1 }, () => ({}));
    expect(() => parseFeed('json', body)).toThrow(FeedTooLargeError);
  });

  it('refuses more bytes than the documented limit', () => {
    const body = 'x'.repeat(MAX_FEED_BYTES + 1);
    expect(() => parseFeed('csv', body)).toThrow(FeedTooLargeError);
  });
});

describe('validateRow', () => {
  it('defaults temperature to ambient and reads times without offset as +08:00', () => {
    const r = validateRow(1, { ...row('A'), temperature: '', ready_at: '2026-11-30 08:00' }, undefined);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.parcel.temperature).toBe('ambient');
      expect(new Date(r.parcel.readyAt).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    }
  });

  it('requires some destination', () => {
    const r = validateRow(4, { ...row('A'), dest_code: '' }, undefined);
    expect(r).toEqual({ ok: false, issues: [{ file: 'body', row: 4, field: 'dest_code', reason: expect.stringContaining('dest_address') }] });
  });

  it('rejects a due_by before ready_at', () => {
    const r = validateRow(2, row('A', { due_by: '2026-11-29T00:00:00+08:00' }), undefined);
    expect(r.ok ? [] : r.issues.map((i) => i.field)).toEqual(['due_by']);
  });

  it('rejects impossible calendar dates', () => {
    expect(parseCountyTime('2026-02-30T08:00')).toBeNull();
    expect(parseCountyTime('2026-02-28T08:00Z')).toBe(Date.parse('2026-02-28T08:00:00Z'));
  });
});
