/**
 * Job contracts: the typed payloads and results of every job the queue carries, validated once at
 * the edge (zod) so processors can trust them. Both adapters (BullMQ and the in-process runner)
 * carry exactly these shapes; the processors live in workers/ (docs/architecture.md).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** 6-digit county code. */
export const CountyCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit county code');

/**
 * True when `s` is `YYYY-MM-DD` naming a day that exists. `Date.parse` alone is not enough: V8 rolls
 * `2026-11-31` over to 1 December and `2026-02-30` to 2 March instead of rejecting them, so the
 * parsed day is printed back and compared.
 */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Calendar date `YYYY-MM-DD` (local service day). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  // Only a YYYY-MM-DD string can be a calendar date; the regex above reports the others.
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isCalendarDate(s), 'must be a real calendar date');

/** Payload of `plan-timetable`: design the weekly timetable of one county. */
export const PlanTimetablePayload = z.object({
  county: CountyCode,
  /** Planning settings passed through to the timetable planner (cut-off, policy, …). */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Random seed: same seed, same timetable. */
  seed: z.number().int().min(0).default(1),
  /** Wall-clock budget of the solver in seconds. */
  seconds: z.number().positive().max(3600).default(10),
  /**
   * Activate the new timetable at once when it is not worse than the active one (served villages,
   * then poor villages served, then weekly cost). Otherwise it is a draft until an operator
   * activates it. The first timetable of a county always becomes active.
   */
  autoActivate: z.boolean().optional(),
});
/** Validated `plan-timetable` payload. */
export type PlanTimetablePayload = z.infer<typeof PlanTimetablePayload>;

/** Payload of `dispatch-day`: assign one service day's shipments of a county to runs. */
export const DispatchDayPayload = z.object({
  county: CountyCode,
  /** Service day; omitted by the daily scheduler, which means "today" in the county's time zone. */
  date: IsoDate.optional(),
  /**
   * What happens to parcels today's runs cannot take (docs/persistence.md §6): `next-service`
   * (default) defers them to the village's next service; `extra-run` plans extra runs with the solver.
   */
  overflow: z.enum(['next-service', 'extra-run']).optional(),
});
/** Validated `dispatch-day` payload. */
export type DispatchDayPayload = z.infer<typeof DispatchDayPayload>;

/** Result of `plan-timetable`: the stored timetable's id and its headline figures. */
export interface PlanTimetableResult {
  readonly timetableId: string;
  readonly county: string;
  readonly lines: number;
  readonly villagesServed: number;
  readonly villagesUnserved: number;
  readonly costPerWeek: number;
}

/** Result of `dispatch-day`: whatever the dispatch use case reports (runs, manifests, deferrals). */
export type DispatchDayResult = Readonly<Record<string, unknown>>;

/** Every job name with its payload and result types. */
export interface JobTypes {
  'plan-timetable': { payload: PlanTimetablePayload; result: PlanTimetableResult };
  'dispatch-day': { payload: DispatchDayPayload; result: DispatchDayResult };
}
/** A job name. */
export type JobName = keyof JobTypes;
/** The payload type of job `N`. */
export type JobPayload<N extends JobName> = JobTypes[N]['payload'];
/** The result type of job `N`. */
export type JobResult<N extends JobName> = JobTypes[N]['result'];

/** Runtime list of job names (no enums). */
export const JOB_NAMES: readonly JobName[] = ['plan-timetable', 'dispatch-day'];

/** The zod schema of each job's payload. */
export const PAYLOAD_SCHEMAS: { readonly [N in JobName]: z.ZodType<JobPayload<N>> } = {
  'plan-timetable': PlanTimetablePayload,
  'dispatch-day': DispatchDayPayload,
};

/** Stable JSON (object keys sorted, recursively) so equal payloads hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Deterministic job id: `<name>-<county>-<first 16 hex of sha256(name + canonical payload)>`. A
 * repeated request with the same payload maps to the same id, so the queue keeps one job and the
 * county is not planned twice. No `:` (BullMQ key separator); never a pure integer.
 */
export function jobIdFor<N extends JobName>(name: N, payload: JobPayload<N>): string {
  const digest = createHash('sha256').update(`${name}\n${canonicalJson(payload)}`).digest('hex').slice(0, 16);
  return `${name}-${payload.county}-${digest}`;
}

/** The job name encoded in a job id from {@link jobIdFor}, or null for a foreign id. */
export function jobNameOf(id: string): JobName | null {
  return JOB_NAMES.find((n) => id.startsWith(`${n}-`)) ?? null;
}
