/**
 * Validation of one feed row (ARCHITECTURE.md §5 columns) with zod. CSV gives strings and JSON
 * gives numbers or strings; both are accepted. Empty cells count as absent. Every problem names the
 * column and the rule; a row with problems is rejected, the other rows are kept.
 */
import { z } from 'zod';
import type { Issue } from '../errors.ts';
import { parseCountyTime } from './time.ts';

/** Temperature classes of a parcel; chilled and frozen need a refrigerated vehicle. */
export type Temperature = 'ambient' | 'chilled' | 'frozen';

/** Most kg one parcel may weigh. */
export const MAX_PARCEL_KG = 1000;
/** Most litres one parcel may measure. */
export const MAX_PARCEL_L = 5000;

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
const num = (v: unknown): unknown => {
  const b = blank(v);
  return typeof b === 'string' ? Number(b.trim()) : b;
};
const text = (v: unknown): unknown => {
  const b = blank(v);
  return typeof b === 'string' ? b.trim() : typeof b === 'number' ? String(b) : b;
};
const time = (v: unknown): unknown => {
  const b = text(v);
  if (typeof b !== 'string') return b;
  return parseCountyTime(b) ?? Number.NaN;
};

const numberIn = (min: number, max: number, unit: string) =>
  z.preprocess(
    num,
    z
      .number({ error: (i) => (i.input === undefined ? 'is required' : `must be a number of ${unit}`) })
      .refine(Number.isFinite, { error: `must be a number of ${unit}` })
      .refine((x) => x > min && x <= max, { error: `must be > ${min} and <= ${max} ${unit}` }),
  );

const TIME_RULE = 'must be an ISO-8601 time (YYYY-MM-DDTHH:MM, optional offset; default +08:00)';
const timeNumber = () =>
  z
    .number({ error: (i) => (i.input === undefined ? 'is required' : TIME_RULE) })
    .refine((x) => !Number.isNaN(x), { error: TIME_RULE });

/** The zod schema of one raw row (column names as in the feed). */
export const feedRowSchema = z
  .object({
    carrier: z.preprocess(
      text,
      z.string({ error: 'must be text' }).regex(/^[\w.\-\u4e00-\u9fff]{1,40}$/u, { error: 'must be 1-40 letters, digits, _ . -' }).optional(),
    ),
    tracking_no: z.preprocess(
      text,
      z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') }).regex(/^[A-Za-z0-9_\-]{1,64}$/, {
        error: 'must be 1-64 characters A-Z a-z 0-9 _ -',
      }),
    ),
    dest_code: z.preprocess(text, z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit village code' }).optional()),
    dest_lon: z.preprocess(
      num,
      z.number({ error: 'must be a longitude in degrees' }).min(-180, { error: 'must be within -180..180' }).max(180, { error: 'must be within -180..180' }).optional(),
    ),
    dest_lat: z.preprocess(
      num,
      z.number({ error: 'must be a latitude in degrees' }).min(-90, { error: 'must be within -90..90' }).max(90, { error: 'must be within -90..90' }).optional(),
    ),
    dest_address: z.preprocess(text, z.string({ error: 'must be text' }).max(300, { error: 'must be at most 300 characters' }).optional()),
    weight_kg: numberIn(0, MAX_PARCEL_KG, 'kg'),
    volume_l: numberIn(0, MAX_PARCEL_L, 'litres'),
    temperature: z.preprocess(
      (v) => {
        const t = text(v);
        return typeof t === 'string' ? t.toLowerCase() : t;
      },
      z.enum(['ambient', 'chilled', 'frozen'], { error: 'must be one of ambient|chilled|frozen' }).optional(),
    ),
    ready_at: z.preprocess(time, timeNumber()),
    due_by: z.preprocess(time, timeNumber().optional()),
  })
  .superRefine((r, ctx) => {
    if ((r.dest_lon === undefined) !== (r.dest_lat === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [r.dest_lon === undefined ? 'dest_lon' : 'dest_lat'],
        message: 'dest_lon and dest_lat must be given together',
      });
    }
    if (r.dest_code === undefined && r.dest_lon === undefined && r.dest_lat === undefined && r.dest_address === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dest_code'], message: 'one of dest_code, dest_lon+dest_lat or dest_address is required' });
    }
    if (r.due_by !== undefined && r.due_by < r.ready_at) {
      ctx.addIssue({ code: 'custom', path: ['due_by'], message: 'must not be before ready_at' });
    }
  });

/**
 * Validates one raw record. `feedCarrier` (the authenticated carrier or `--carrier`) fills an
 * absent `carrier` column and must equal a present one. Returns the parcel or its issues.
 */
export function validateRow(
  row: number,
  record: Readonly<Record<string, unknown>>,
  feedCarrier: string | undefined,
  file = 'body',
): { ok: true; parcel: ParcelInput } | { ok: false; issues: Issue[] } {
  const res = feedRowSchema.safeParse(record);
  if (!res.success) {
    const seen = new Set<string>();
    const issues: Issue[] = [];
    for (const i of res.error.issues) {
      const field = String(i.path[0] ?? '(row)');
      if (seen.has(field)) continue; // one reason per field is enough
      seen.add(field);
      issues.push({ file, row, field, reason: i.message });
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
      trackingNo: r.tracking_no,
      destCode: r.dest_code ?? null,
      destLon: r.dest_lon ?? null,
      destLat: r.dest_lat ?? null,
      destAddress: r.dest_address ?? null,
      weightKg: r.weight_kg,
      volumeL: r.volume_l,
      temperature: r.temperature ?? 'ambient',
      readyAt: r.ready_at,
      dueBy: r.due_by ?? null,
    },
  };
}
