/**
 * Validation of one feed row (fields and rules in src/domain/feed.ts) with zod. CSV gives strings and JSON
 * gives numbers or strings; both are accepted. Empty cells count as absent. Every problem names the
 * column and the rule; a row with problems is rejected, the other rows are kept.
 */
import { z } from 'zod';
import { FeedRowFields, canonicalFeedRow, checkFeedRowTogether, feedFieldName, feedReasonIn, type FeedField, type Temperature } from '../domain/feed.ts';
import { parseInstant } from '../domain/time.ts';
import type { Issue } from '../errors.ts';

export { MAX_PARCEL_KG, MAX_PARCEL_L, type Temperature } from '../domain/feed.ts';

/** A validated feed row, normalised (times as epoch ms). */
export interface ParcelInput {
  readonly row: number;
  readonly carrier: string;
  readonly trackingNo: string;
  readonly destCode: string | null;
  readonly destLon: number | null;
  readonly destLat: number | null;
  readonly destAddress: string | null;
  readonly weightKg: number;
  readonly volumeL: number;
  readonly temperature: Temperature;
  readonly readyAt: number;
  readonly dueBy: number | null;
}

const blank = (v: unknown): unknown => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
/** A plain decimal number: digits with an optional sign and fraction (no hex, binary, exponent, `Infinity`). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** Text that is a plain decimal becomes its number; other text stays text (and fails as "must be a number"). */
const num = (v: unknown): unknown => {
  const b = blank(v);
  if (typeof b !== 'string') return b;
  const t = b.trim();
  return DECIMAL.test(t) ? Number(t) : t;
};
const text = (v: unknown): unknown => {
  const b = blank(v);
  return typeof b === 'string' ? b.trim() : typeof b === 'number' ? String(b) : b;
};
const lower = (v: unknown): unknown => {
  const t = text(v);
  return typeof t === 'string' ? t.toLowerCase() : t;
};

/** How a CSV cell or JSON value becomes the field's type before its rule (src/domain/feed.ts) runs. */
const COERCE: Record<FeedField, (v: unknown) => unknown> = {
  carrier: text,
  trackingNo: text,
  destCode: text,
  destLon: num,
  destLat: num,
  destAddress: text,
  weightKg: num,
  volumeL: num,
  temperature: lower,
  readyAt: text,
  dueBy: text,
};

const instant = (v: unknown): number | null => (typeof v === 'string' ? parseInstant(v) : null);

/** The zod schema of one row in camelCase fields: the domain rules after CSV/JSON coercion. */
export const feedRowSchema = z
  .object(
    Object.fromEntries((Object.keys(FeedRowFields) as FeedField[]).map((f) => [f, z.preprocess(COERCE[f], FeedRowFields[f])])) as {
      [K in FeedField]: z.ZodPipe<z.ZodTransform<unknown, unknown>, (typeof FeedRowFields)[K]>;
    },
  )
  .superRefine((r, ctx) => checkFeedRowTogether(r, ctx, instant));

/**
 * Validates one raw record. `feedCarrier` (the authenticated carrier or `--carrier`) fills an
 * absent `carrier` column and must equal a present one. Fields may be spelled in camelCase (JSON) or
 * as the snake_case CSV columns (deprecated in JSON); a reason names the field as the row spells it
 * (`defaultStyle` when the row does not tell, e.g. it lacks every field). Returns the parcel or its issues.
 */
export function validateRow(
  row: number,
  record: Readonly<Record<string, unknown>>,
  feedCarrier: string | undefined,
  file = 'body',
  defaultStyle: 'camel' | 'snake' = 'camel',
): { ok: true; parcel: ParcelInput } | { ok: false; issues: Issue[] } {
  // Postgres text cannot hold U+0000: such a row is rejected here, naming the column.
  const nul = Object.entries(record).find(([k, v]) => typeof v === 'string' && v.includes('\u0000') && !k.includes('\u0000'));
  if (nul) return { ok: false, issues: [{ file, row, field: nul[0], reason: 'must not contain the NUL character (U+0000)' }] };
  const { row: fields, style, twice } = canonicalFeedRow(record, defaultStyle);
  if (twice.length > 0) {
    return {
      ok: false,
      issues: twice.map((f) => ({ file, row, field: f, reason: `is given twice (${f} and ${feedFieldName(f, 'snake')}) with different values` })),
    };
  }
  const res = feedRowSchema.safeParse(fields);
  if (!res.success) {
    const seen = new Set<string>();
    const issues: Issue[] = [];
    for (const i of res.error.issues) {
      const field = i.path[0] === undefined ? '(row)' : feedFieldName(String(i.path[0]), style);
      if (seen.has(field)) continue; // one reason per field is enough
      seen.add(field);
      issues.push({ file, row, field, reason: feedReasonIn(i.message, style) });
    }
    return { ok: false, issues };
  }
  const r = res.data;
  const carrier = r.carrier ?? feedCarrier;
  if (carrier === undefined) return { ok: false, issues: [{ file, row, field: 'carrier', reason: 'is required' }] };
  if (feedCarrier !== undefined && carrier !== feedCarrier) {
    return { ok: false, issues: [{ file, row, field: 'carrier', reason: `must be ${feedCarrier} (the feed's carrier)` }] };
  }
  return {
    ok: true,
    parcel: {
      row,
      carrier,
      trackingNo: r.trackingNo,
      destCode: r.destCode ?? null,
      destLon: r.destLon ?? null,
      destLat: r.destLat ?? null,
      destAddress: r.destAddress ?? null,
      weightKg: r.weightKg,
      volumeL: r.volumeL,
      temperature: r.temperature ?? 'ambient',
      readyAt: parseInstant(r.readyAt)!,
      dueBy: r.dueBy === undefined ? null : parseInstant(r.dueBy),
    },
  };
}
