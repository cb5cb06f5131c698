/**
 * A carrier feed row: the one definition of its fields, their types and rules (zod). JSON bodies of
 * the API name the fields in camelCase (`trackingNo`, `weightKg`, `readyAt`); carriers' CSV files,
 * and JSON rows of the previous release, use the snake_case column names (`tracking_no`, …) given
 * by `FEED_COLUMNS` - ingest accepts both and maps them with `canonicalFeedRow`. Times are ISO 8601
 * with any offset; without one they are county time (src/domain/time.ts).
 */
import { z } from 'zod';
import { instantProblem } from './time.ts';

/** Temperature classes of a parcel; chilled and frozen need a refrigerated vehicle. */
export const TEMPERATURES = ['ambient', 'chilled', 'frozen'] as const;
export const Temperature = z.enum(TEMPERATURES, { error: 'must be one of ambient|chilled|frozen' });
/** A temperature class. */
export type Temperature = z.infer<typeof Temperature>;

/** Most kg one parcel may weigh. */
export const MAX_PARCEL_KG = 1000;
/** Most litres one parcel may measure. */
export const MAX_PARCEL_L = 5000;

const required = (what: string) => (i: { input: unknown }) => (i.input === undefined ? 'is required' : what);

const numberIn = (min: number, max: number, unit: string) =>
  z
    .number({ error: required(`must be a number of ${unit}`) })
    .refine(Number.isFinite, { error: `must be a number of ${unit}` })
    .refine((x) => x > min && x <= max, { error: `must be > ${min} and <= ${max} ${unit}` });

/** An ISO 8601 timestamp as a feed or an event gives it (any offset; none = county time). */
export const InstantInput = z
  .string({ error: required('must be an ISO 8601 time') })
  .superRefine((s, ctx) => {
    const reason = instantProblem(s);
    if (reason !== null) ctx.addIssue({ code: 'custom', message: reason });
  });

/** The fields of a feed row (camelCase, as in JSON bodies), each with its rule. */
export const FeedRowFields = {
  carrier: z.string({ error: 'must be text' }).regex(/^[\w.\-\u4e00-\u9fff]{1,40}$/u, { error: 'must be 1-40 letters, digits, _ . -' }).optional(),
  trackingNo: z.string({ error: required('must be text') }).regex(/^[A-Za-z0-9_\-]{1,64}$/, { error: 'must be 1-64 characters A-Z a-z 0-9 _ -' }),
  destCode: z.string({ error: 'must be text' }).regex(/^\d{12}$/, { error: 'must be a 12-digit village code' }).optional(),
  destLon: z.number({ error: 'must be a longitude in degrees' }).min(-180, { error: 'must be within -180..180' }).max(180, { error: 'must be within -180..180' }).optional(),
  destLat: z.number({ error: 'must be a latitude in degrees' }).min(-90, { error: 'must be within -90..90' }).max(90, { error: 'must be within -90..90' }).optional(),
  destAddress: z.string({ error: 'must be text' }).max(300, { error: 'must be at most 300 characters' }).optional(),
  weightKg: numberIn(0, MAX_PARCEL_KG, 'kg'),
  volumeL: numberIn(0, MAX_PARCEL_L, 'litres'),
  temperature: Temperature.optional(),
  readyAt: InstantInput,
  dueBy: InstantInput.optional(),
};

/** Field name → CSV column (and deprecated JSON spelling). */
export const FEED_COLUMNS = {
  carrier: 'carrier',
  trackingNo: 'tracking_no',
  destCode: 'dest_code',
  destLon: 'dest_lon',
  destLat: 'dest_lat',
  destAddress: 'dest_address',
  weightKg: 'weight_kg',
  volumeL: 'volume_l',
  temperature: 'temperature',
  readyAt: 'ready_at',
  dueBy: 'due_by',
} as const satisfies Record<keyof typeof FeedRowFields, string>;

/** A feed row field. */
export type FeedField = keyof typeof FEED_COLUMNS;

type FeedRowShape = { [K in FeedField]?: unknown };

/** The rules across fields of a row (destination given, coordinates in pairs, due after ready). */
export function checkFeedRowTogether(
  r: { destCode?: unknown; destLon?: unknown; destLat?: unknown; destAddress?: unknown; readyAt?: unknown; dueBy?: unknown },
  ctx: z.RefinementCtx,
  instant: (v: unknown) => number | null,
): void {
  if ((r.destLon === undefined) !== (r.destLat === undefined)) {
    ctx.addIssue({ code: 'custom', path: [r.destLon === undefined ? 'destLon' : 'destLat'], message: 'destLon and destLat must be given together' });
  }
  if (r.destCode === undefined && r.destLon === undefined && r.destLat === undefined && r.destAddress === undefined) {
    ctx.addIssue({ code: 'custom', path: ['destCode'], message: 'one of destCode, destLon+destLat or destAddress is required' });
  }
  const ready = instant(r.readyAt);
  const due = r.dueBy === undefined ? null : instant(r.dueBy);
  if (ready !== null && due !== null && due < ready) ctx.addIssue({ code: 'custom', path: ['dueBy'], message: 'must not be before readyAt' });
}

/** One parcel of a JSON feed (camelCase), as the API documents it. */
export const FeedRow = z.object(FeedRowFields).superRefine((r, ctx) =>
  checkFeedRowTogether(r, ctx, (v) => (typeof v === 'string' ? Date.parse(v) : null)),
);
/** A feed row as posted. */
export type FeedRow = z.infer<typeof FeedRow>;

/**
 * A raw record in either spelling as camelCase fields. `style` is the spelling the row uses
 * (snake_case when any snake_case column is present, so a reason names the column the sender
 * wrote). A field given in both spellings is a problem (`twice`). Unknown keys are dropped.
 */
export function canonicalFeedRow(
  record: Readonly<Record<string, unknown>>,
  defaultStyle: 'camel' | 'snake',
): { row: FeedRowShape; style: 'camel' | 'snake'; twice: FeedField[] } {
  const row: Record<string, unknown> = {};
  const twice: FeedField[] = [];
  let snake = false;
  let camel = false;
  for (const [field, column] of Object.entries(FEED_COLUMNS) as [FeedField, string][]) {
    const c = record[field];
    const s = column !== field ? record[column] : undefined;
    if (c !== undefined && column !== field) camel = true;
    if (s !== undefined) snake = true;
    if (c !== undefined && s !== undefined && c !== s) twice.push(field);
    row[field] = c !== undefined ? c : s;
  }
  const style = snake && !camel ? 'snake' : camel && !snake ? 'camel' : defaultStyle;
  return { row, style, twice };
}

/** The name of `field` in `style`. */
export function feedFieldName(field: string, style: 'camel' | 'snake'): string {
  return style === 'snake' && field in FEED_COLUMNS ? FEED_COLUMNS[field as FeedField] : field;
}

/** `reason` with the field names it mentions written in `style`. */
export function feedReasonIn(reason: string, style: 'camel' | 'snake'): string {
  if (style === 'camel') return reason;
  return reason.replace(/\b(destCode|destLon|destLat|destAddress|readyAt|dueBy|trackingNo|weightKg|volumeL)\b/g, (f) => FEED_COLUMNS[f as FeedField]);
}
