/**
 * Every request and response schema of the HTTP API, in one place (zod). Requests are validated at
 * the edge with them; the OpenAPI 3.1 document at `/openapi.json` is generated from them
 * (src/api/openapi.ts), so the document cannot drift from what the code accepts.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { DispatchDayPayload, isCalendarDate, PlanTimetablePayload } from '../queue/contracts.ts';
import { isTimeZone } from '../queue/port.ts';
import { DEFAULT_PLAN_SETTINGS, type PlanSettings } from '../timetable/settings.ts';

extendZodWithOpenApi(z);

// ---------------------------------------------------------------- common

/** 6-digit county code. */
export const CountyCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit county code').openapi({ example: '630123' });
/** Service date `YYYY-MM-DD`, a day that exists (2026-11-31 is rejected, not rolled over). */
export const ServiceDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  // Only a YYYY-MM-DD string can be a calendar date; the regex above reports the others.
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isCalendarDate(s), 'must be a real calendar date')
  .openapi({ example: '2026-11-27' });

/** One problem in the input (RFC 9457 extension member `errors`). */
export const ProblemIssue = z
  .object({
    field: z.string(),
    row: z.number().int().optional(),
    file: z.string().optional(),
    reason: z.string(),
  })
  .openapi('ProblemIssue');

/** RFC 9457 problem details, as every error response carries (`application/problem+json`). */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'stable machine-readable code, e.g. invalid_input, not_found, unauthorized' }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(ProblemIssue).optional(),
  })
  .openapi('Problem');

/** A GeoJSON FeatureCollection (geometry and properties left open). */
export const FeatureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z
        .object({
          type: z.literal('Feature'),
          geometry: z.unknown(),
          properties: z.record(z.string(), z.unknown()).nullable(),
        })
        .passthrough(),
    ),
  })
  .passthrough()
  .openapi('FeatureCollection');

/** `?format=` of resources with a GeoJSON view. */
export const JsonOrGeoJson = z.object({ format: z.enum(['json', 'geojson']).default('json') });

// ---------------------------------------------------------------- health

/** `/healthz`. */
export const Health = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }).openapi('Health');
/** `/readyz`. */
export const Ready = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    database: z.object({ ok: z.boolean(), kind: z.string() }),
    queue: z.object({ ok: z.boolean(), kind: z.string() }),
  })
  .openapi('Ready');

// ---------------------------------------------------------------- jobs and plans

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59)');
const NonNegative = z.number().min(0, 'must be a number >= 0');
const AtLeastOne = z.number().int('must be an integer >= 1').min(1, 'must be an integer >= 1');
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Planner settings a plan request may override (src/timetable/settings.ts `PlanSettings`, defaults
 * in docs/timetable.md). Checked here, at the edge, so a typo or an impossible value is a 422 naming
 * the field instead of a job that plans and stores a timetable with it (the planner's own check lets
 * `cutoff: "25:99"` through and ignores unknown keys). A setting the planner gained after this list
 * was written (a key of `DEFAULT_PLAN_SETTINGS` not below) is accepted when it has its default's
 * type (numbers >= 0); a key the planner does not know is refused.
 */
const PLAN_SETTING_RULES = {
  cutoff: HhMm,
  earliestTrunkDeparture: HhMm,
  transferMinutes: NonNegative,
  villageServiceMinutes: NonNegative,
  hubServiceMinutes: NonNegative,
  serviceDays: z
    .array(z.enum(WEEKDAY_NAMES))
    .min(1, 'must be a non-empty list of mon..sun')
    .refine((d) => new Set(d).size === d.length, 'must not repeat a day'),
  policy: z
    .object({
      stationVisits: AtLeastOne,
      poorVisits: AtLeastOne,
      otherVisits: AtLeastOne,
      highDemandKgPerDay: NonNegative,
      highDemandVisits: AtLeastOne,
    })
    .partial()
    .strict(),
  directRadiusKm: NonNegative,
  busFeePerParcel: NonNegative.nullable(),
  busFeePerKg: NonNegative,
  kgPerParcel: z.number().positive('must be a number > 0'),
  busCapacityShare: z.number().gt(0, 'must be in (0, 1]').max(1, 'must be in (0, 1]'),
  busMaxKgPerVillageDay: NonNegative,
  busHandoverMinutes: NonNegative,
  loadFactor: z.number().positive('must be a number > 0'),
  slotsPerDay: AtLeastOne,
  multiTripSlots: AtLeastOne,
  patternSweep: z.enum(['auto', 'county', 'pool']),
  hubDeadlineMinutes: NonNegative,
  syncRounds: AtLeastOne,
  closeHubs: z.boolean(),
  coldVisitsPerWeek: AtLeastOne,
  coldServiceMinutes: NonNegative,
};
export const PlanSettingsInput = z
  .object(PLAN_SETTING_RULES)
  .partial()
  .catchall(z.unknown())
  .superRefine((settings, ctx) => {
    const defaults: Readonly<Record<string, unknown>> = { ...DEFAULT_PLAN_SETTINGS };
    for (const [key, value] of Object.entries(settings)) {
      if (key in PLAN_SETTING_RULES) continue;
      if (!(key in defaults)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `is not a planner setting (known: ${Object.keys(defaults).join(', ')})` });
        continue;
      }
      const d = defaults[key];
      const ok =
        typeof d === 'number'
          ? typeof value === 'number' && Number.isFinite(value) && value >= 0
          : typeof value === typeof d && Array.isArray(value) === Array.isArray(d);
      if (!ok) {
        ctx.addIssue({ code: 'custom', path: [key], message: typeof d === 'number' ? 'must be a number >= 0' : `must be a ${Array.isArray(d) ? 'list' : typeof d}` });
      }
    }
  })
  .openapi('PlanSettings', { description: 'planner settings to override (docs/timetable.md); unknown keys are rejected' });
// Compile-time guard: whatever passes the schema is a valid partial of the planner's settings
// (`policy` may be partial too: resolveSettings merges it field by field).
const _settingsFit = (
  s: z.output<typeof PlanSettingsInput>,
): Partial<Omit<PlanSettings, 'policy'>> & { policy?: Partial<PlanSettings['policy']> } => s;
void _settingsFit;

/** Request of `POST /v1/plans` (the `plan-timetable` job contract). */
export const PlanRequest = PlanTimetablePayload.extend({ settings: PlanSettingsInput.default({}) }).openapi('PlanRequest', {
  description: 'county and planner settings; seed and seconds (solver budget) default to 1 and 10',
});

/** Job progress. */
export const JobProgress = z
  .object({
    percent: z.number(),
    phase: z.string().optional(),
    bestCost: z.number().optional(),
    iteration: z.number().optional(),
    message: z.string().optional(),
  })
  .openapi('JobProgress');

/** Job id path parameter. */
export const JobIdParams = z.object({ id: z.string().min(1).max(200) });

/** Reply of an accepted job. */
export const JobAccepted = z
  .object({
    id: z.string(),
    state: z.enum(['waiting', 'delayed', 'active', 'completed', 'failed', 'cancelled']),
    created: z.boolean().openapi({ description: 'false when the same request was already queued or done' }),
    links: z.object({ self: z.string(), events: z.string().optional() }),
  })
  .openapi('JobAccepted');

/** Status of a job (plan or dispatch). */
export const JobStatus = z
  .object({
    id: z.string(),
    name: z.enum(['plan-timetable', 'dispatch-day']),
    state: z.enum(['waiting', 'delayed', 'active', 'completed', 'failed', 'cancelled']),
    payload: z.record(z.string(), z.unknown()),
    progress: JobProgress.nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    error: z.object({ message: z.string(), unrecoverable: z.boolean() }).nullable(),
    attemptsMade: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    finishedAt: z.string().nullable(),
  })
  .openapi('JobStatus');

/** Request of `POST /v1/dispatch`. */
export const DispatchRequest = DispatchDayPayload.extend({ date: ServiceDate }).openapi('DispatchRequest');
/** `?wait=` of `POST /v1/dispatch`. */
export const DispatchQuery = z.object({
  wait: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .openapi({ description: 'wait for the dispatch to finish and answer 200 with its result' }),
  rerun: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .openapi({ description: 'dispatch the day again even when it was dispatched already (late parcels)' }),
});

/** A county's daily dispatch schedule. */
export const Schedule = z
  .object({
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  })
  .openapi('Schedule');
/** Reply listing schedules. */
export const ScheduleList = z
  .object({ schedules: z.array(z.object({ county: z.string(), time: z.string(), timeZone: z.string() })) })
  .openapi('ScheduleList');

// ---------------------------------------------------------------- counties, timetables, runs

/** `GET /v1/counties`. */
export const CountyList = z
  .object({
    counties: z.array(z.object({ code: z.string(), slug: z.string(), name: z.string(), villages: z.number().int() })),
  })
  .openapi('CountyList');
/** County path parameter. */
export const CountyParams = z.object({ code: CountyCode });

const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** The weekly timetable (src/domain/timetable.ts). */
export const Timetable = z
  .object({
    county: z.string(),
    dataset: z.string(),
    generatedAt: z.string(),
    seed: z.number(),
    settings: z.record(z.string(), z.unknown()),
    lines: z.array(
      z
        .object({
          id: z.string(),
          tier: z.enum(['trunk', 'feeder', 'direct']),
          vehicle: z.string(),
          weekdays: z.array(Weekday),
          stops: z.array(z.object({ node: z.string(), arrive: z.string(), depart: z.string() }).passthrough()),
          km: z.number(),
          minutes: z.number(),
          loadKg: z.number(),
          loadM3: z.number(),
          feedsFrom: z.string().optional(),
        })
        .passthrough(),
    ),
    busLegs: z.array(z.object({ tripId: z.string(), node: z.string(), weekdays: z.array(Weekday) }).passthrough()),
    villages: z.array(
      z
        .object({
          code: z.string(),
          mode: z.enum(['feeder', 'direct', 'bus', 'unserved']),
          weekdays: z.array(Weekday),
          visitsPerWeek: z.number(),
          line: z.string().nullable(),
          leadTimeHours: z.number().nullable(),
          reason: z.string().optional(),
        })
        .passthrough(),
    ),
    totals: z.object({
      vehicles: z.number(),
      kmPerWeek: z.number(),
      vehicleHoursPerWeek: z.number(),
      costPerWeek: z.number(),
      busFeesPerWeek: z.number(),
    }),
  })
  .passthrough()
  .openapi('Timetable');

/** `GET /v1/timetables/:id`. */
export const StoredTimetable = z
  .object({ id: z.string(), active: z.boolean(), createdAt: z.string(), timetable: Timetable })
  .openapi('StoredTimetable');
/** Timetable id path parameter. */
/** A timetable id: a positive bigint of Postgres (longer digit strings overflowed into a 500). */
const TimetableId = z.string().regex(/^\d{1,18}$/, 'must be a timetable id (1-18 digits)');
export const TimetableParams = z.object({ id: TimetableId });

/** `GET /v1/runs?county=&date=`. */
export const RunsQuery = z.object({ county: CountyCode, date: ServiceDate });
/** Reply of `GET /v1/runs`. */
export const RunList = z
  .object({ runs: z.array(z.record(z.string(), z.unknown()).openapi({ description: 'a run: id, kind, line or trip, load' })) })
  .openapi('RunList');
/** Run path parameter. */
export const RunParams = z.object({ id: z.string().min(1).max(200) });
/** `?format=` of a manifest. */
export const ManifestQuery = z.object({ format: z.enum(['json', 'csv', 'html']).default('json') });
/** A run's manifest (stops in order, parcels per stop, load). */
export const Manifest = z.record(z.string(), z.unknown()).openapi('Manifest');

// ---------------------------------------------------------------- parcels, consolidation, events

/** One parcel of a JSON feed (ARCHITECTURE.md §5); rows are validated one by one by ingest. */
export const ParcelRow = z
  .object({
    carrier: z.string().optional(),
    tracking_no: z.string(),
    dest_code: z.string().optional(),
    dest_lon: z.number().optional(),
    dest_lat: z.number().optional(),
    dest_address: z.string().optional(),
    weight_kg: z.number(),
    volume_l: z.number(),
    temperature: z.enum(['ambient', 'chilled', 'frozen']),
    ready_at: z.string(),
    due_by: z.string().optional(),
  })
  .passthrough()
  .openapi('ParcelRow');
/** Body of `POST /v1/parcels` as JSON: an array of rows (text/csv is accepted too). */
export const ParcelFeed = z.array(z.record(z.string(), z.unknown())).openapi('ParcelFeed', {
  description: 'array of ParcelRow objects; each row is validated on its own and rejected rows are listed',
});
/** `?county=` of the ingest (optional: resolved from the destination otherwise). */
export const IngestQuery = z.object({ county: CountyCode.optional(), carrier: z.string().min(1).max(100).optional() });
/** Reply of `POST /v1/parcels`. */
export const IngestReply = z
  .object({
    accepted: z.union([z.number(), z.array(z.unknown())]),
    duplicates: z.union([z.number(), z.array(z.unknown())]),
    updated: z.union([z.number(), z.array(z.unknown())]),
    rejected: z.array(z.object({ row: z.number(), field: z.string(), reason: z.string() }).passthrough()),
  })
  .passthrough()
  .openapi('IngestReply');

/** `GET /v1/consolidation?county=&date=`. */
export const ConsolidationQuery = z.object({ county: CountyCode, date: ServiceDate });
/** Reply of `GET /v1/consolidation`. */
export const Consolidation = z
  .object({
    shipments: z.array(
      z
        .object({
          villageCode: z.string(),
          parcels: z.number(),
          kg: z.number(),
          m3: z.number(),
          byCarrier: z.record(z.string(), z.unknown()),
        })
        .passthrough(),
    ),
  })
  .passthrough()
  .openapi('Consolidation');

/** Parcel path parameters. */
export const ParcelParams = z.object({ carrier: z.string().min(1).max(100), trackingNo: z.string().min(1).max(100) });
/** Body of `POST /v1/parcels/:carrier/:trackingNo/resolve`. */
export const ResolveRequest = z
  .object({ villageCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit village code') })
  .openapi('ResolveRequest');

/** `GET /v1/parcels/:carrier/:trackingNo`. */
export const ParcelStatus = z
  .object({ carrier: z.string(), trackingNo: z.string(), status: z.string() })
  .passthrough()
  .openapi('ParcelStatus');

/** One scan event; rows are validated one by one by the events use case (rejected rows listed). */
export const ScanEvent = z
  .object({
    carrier: z.string(),
    trackingNo: z.string(),
    kind: z.enum(['loaded', 'handed_to_bus', 'arrived_at_hub', 'delivered', 'picked_up']),
    at: z.string().openapi({ format: 'date-time' }),
    node: z.string().optional(),
    runId: z.string().optional(),
  })
  .openapi('ScanEvent');
/** Body of `POST /v1/events`: an array of ScanEvent objects (each row checked on its own). */
export const EventsBody = z
  .array(z.record(z.string(), z.unknown()))
  .min(1)
  .max(10_000)
  .openapi('EventsBody', { description: 'array of ScanEvent objects' });
/** Reply of `POST /v1/events`. */
export const EventsReply = z
  .object({
    recorded: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
  })
  .openapi('EventsReply');
/** `GET /v1/counties/:code/unresolved`. */
export const UnresolvedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
/** Reply of `GET /v1/counties/:code/unresolved`. */
export const UnresolvedList = z
  .object({ total: z.number().int(), parcels: z.array(z.record(z.string(), z.unknown())) })
  .openapi('UnresolvedList');
/** Reply of `POST /v1/dispatch?wait=true`. */
export const DispatchResult = z
  .object({ county: z.string(), date: z.string(), runs: z.number(), assigned: z.number(), deferred: z.number() })
  .passthrough()
  .openapi('DispatchResult');

// ---------------------------------------------------------------- coverage

/** `GET /v1/coverage`: one county, several (`province=`), optional timetable and actuals window. */
export const CoverageQuery = z
  .object({
    county: CountyCode.optional(),
    province: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code').optional(),
    timetable: TimetableId.optional(),
    from: ServiceDate.optional(),
    to: ServiceDate.optional(),
    format: z.enum(['json', 'geojson', 'csv']).default('json'),
    lang: z.enum(['both', 'en', 'zh']).optional(),
  })
  .refine((q) => q.county !== undefined || q.province !== undefined, { message: 'county or province is required', path: ['county'] })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'from and to go together', path: ['from'] });
/** The coverage report (src/coverage CoverageReport). */
export const CoverageReport = z.record(z.string(), z.unknown()).openapi('CoverageReport');

// ---------------------------------------------------------------- keys

/** Body of `POST /v1/keys` (operators create keys for their county's carriers and officials). */
export const KeyRequest = z
  .object({
    role: z.enum(['operator', 'carrier', 'official']),
    county: CountyCode.optional(),
    carrier: z.string().min(1).max(100).optional(),
    label: z.string().max(200).optional(),
  })
  .openapi('KeyRequest');
/** Reply of `POST /v1/keys`: the key, shown once. */
export const KeyCreated = z
  .object({
    key: z.string(),
    id: z.string(),
    role: z.enum(['operator', 'carrier', 'official']),
    county: z.string().nullable(),
    carrier: z.string().nullable(),
  })
  .openapi('KeyCreated');
/** `GET /v1/me`: who the key belongs to. */
export const Me = z
  .object({ keyId: z.string(), role: z.enum(['operator', 'carrier', 'official']), county: z.string().nullable(), carrier: z.string().nullable() })
  .openapi('Me');
