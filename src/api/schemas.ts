/**
 * Every request and response schema of the HTTP API (zod). The shapes of timetables, feed rows,
 * events, runs, manifests, parcels and coverage are defined once in src/domain (and their types
 * derived from them); this module imports them and adds only API wrappers and `.openapi()` metadata
 * (names, examples). Requests are validated at the edge with them; the OpenAPI 3.1 document at
 * `/openapi.json` is generated from them (src/api/openapi.ts), so it cannot drift from the code.
 * Field names on the wire are camelCase (docs/api.md).
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import * as coverage from '../domain/coverage.ts';
import { ScanEvent as DomainScanEvent } from '../domain/events.ts';
import { FEED_COLUMNS, FeedRow as DomainFeedRow } from '../domain/feed.ts';
import * as runs from '../domain/runs.ts';
import * as tt from '../domain/timetable.ts';
import * as diff from '../domain/timetable-diff.ts';
import { DispatchDayPayload, isCalendarDate, PlanTimetablePayload } from '../queue/contracts.ts';
import { MAX_YEAR, MIN_YEAR, parseInstant } from '../domain/time.ts';
import { isTimeZone } from '../queue/port.ts';
import { DEFAULT_PLAN_SETTINGS, type PlanSettings } from '../timetable/settings.ts';
import { ROLES } from '../auth/principal.ts';

extendZodWithOpenApi(z);

/** An open JSON value, typed two levels deep (job payloads and results, GeoJSON properties). */
const JsonScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const JsonLeaf = z.union([JsonScalar, z.array(z.union([JsonScalar, z.array(JsonScalar)]))]);
export const JsonObject = z.record(z.string(), z.union([JsonLeaf, z.record(z.string(), z.union([JsonLeaf, z.record(z.string(), JsonLeaf)]))]));
/** An ISO 8601 instant as the API writes it: county time with offset. */
const Instant = runs.Instant.meta({ format: 'date-time', example: '2026-12-03T06:00:00+08:00' });

// ---------------------------------------------------------------- common

/** 6-digit county code. */
export const CountyCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit county code').openapi({ example: '630123' });
/** Service date `YYYY-MM-DD`, a day that exists (2026-11-31 is rejected, not rolled over). */
export const ServiceDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  // Only a YYYY-MM-DD string can be a calendar date; the regex above reports the others.
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isCalendarDate(s), 'must be a real calendar date')
  // The county clock's year range (src/domain/time.ts): `0001-01-01` is a placeholder, not a day.
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || !isCalendarDate(s) || parseInstant(s) !== null, `must be a year between ${MIN_YEAR} and ${MAX_YEAR}`)
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
          geometry: z
            .object({ type: z.string(), coordinates: z.array(z.union([z.number(), z.array(z.union([z.number(), z.array(z.union([z.number(), z.array(z.number())]))]))])) })
            .nullable()
            .openapi({ description: 'GeoJSON geometry (Point, LineString, Polygon, MultiPolygon)' }),
          properties: JsonObject.nullable(),
        }),
    ),
  })
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
  .catchall(z.union([JsonLeaf, z.record(z.string(), JsonLeaf)]).openapi({ description: 'a setting the planner gained later (checked against its default)' }))
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
    payload: JsonObject.openapi({ description: 'the job request' }),
    progress: JobProgress.nullable(),
    result: JsonObject.nullable().openapi({ description: 'plan: timetableId, lines, villagesServed…; dispatch: DispatchResult' }),
    error: z.object({ message: z.string(), unrecoverable: z.boolean() }).nullable(),
    attemptsMade: z.number().int(),
    createdAt: Instant,
    finishedAt: Instant.nullable(),
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

/** The weekly timetable (src/domain/timetable.ts). */
export const Timetable = tt.Timetable.meta({
  id: 'Timetable',
  description: 'the weekly timetable: lines (times HH:MM county time), bus legs, village service, totals',
  example: {
    county: '630123',
    dataset: '630123-huangyuan',
    generatedAt: '2026-12-01T20:15:00+08:00',
    seed: 1,
    settings: { cutoff: '06:00', serviceDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
    lines: [
      {
        id: 'T1',
        tier: 'trunk',
        vehicle: 'truck-1',
        weekdays: ['mon', 'thu'],
        stops: [
          { node: 'W630123', arrive: '07:00', depart: '07:00' },
          { node: 'H630123100', arrive: '07:40', depart: '07:55', dropKg: 120 },
          { node: 'W630123', arrive: '08:40', depart: '08:40' },
        ],
        km: 52.4,
        minutes: 100,
        loadKg: 120,
        loadM3: 0.9,
      },
    ],
    busLegs: [{ tripId: 'b12', node: '630123100001', weekdays: ['tue'], kg: 8, m3: 0.05, arrive: '10:20', feePerWeek: 10, direction: 'down' }],
    villages: [{ code: '630123100001', mode: 'feeder', weekdays: ['mon', 'thu'], visitsPerWeek: 2, line: 'F1', leadTimeHours: 5.5 }],
    totals: { vehicles: 2, kmPerWeek: 410, vehicleHoursPerWeek: 16, costPerWeek: 2300, busFeesPerWeek: 10 },
  },
});

/** `GET /v1/timetables/:id`. */
export const StoredTimetable = z
  .object({
    id: z.string(),
    /** False for a draft (or a former active timetable). */
    active: z.boolean(),
    createdAt: Instant,
    /** When, by whom (API key id, or `plan-job:<job id>` for an automatic activation) and why it was last activated. */
    activatedAt: Instant.nullable(),
    activatedBy: z.string().nullable().openapi({ example: 'key-3f2a' }),
    activationReason: z.string().nullable().openapi({ example: 'reviewed the Friday feeder changes' }),
    timetable: Timetable,
  })
  .openapi('StoredTimetable');
/** Timetable id path parameter. */
/** A timetable id: a positive bigint of Postgres (longer digit strings overflowed into a 500). */
const TimetableId = z.string().regex(/^\d{1,18}$/, 'must be a timetable id (1-18 digits)');
export const TimetableParams = z.object({ id: TimetableId });
/** Body of `POST /v1/timetables/:id/activate`. */
export const ActivateRequest = z
  .object({ reason: z.string().trim().min(1).max(500).openapi({ example: 'reviewed the Friday feeder changes' }) })
  .openapi('ActivateRequest', { description: 'why the operator activates this timetable (kept with it)' });
/** `GET /v1/timetables/:id/diff?against=active|<id>`. */
export const DiffQuery = z.object({
  against: z
    .union([z.literal('active'), TimetableId])
    .default('active')
    .openapi({ description: '`active` (the county\'s active timetable) or another timetable id', example: 'active' }),
});
/** Reply of the diff route: `timetableDiff` of the domain plus the two ids. */
export const TimetableDiffReply = diff.TimetableDiff.extend({
  from: z.string().openapi({ description: 'the timetable compared against (before)', example: '12' }),
  to: z.string().openapi({ description: 'this timetable (after)', example: '15' }),
}).openapi('TimetableDiff');

/** `GET /v1/runs?county=&date=`. */
export const RunsQuery = z.object({ county: CountyCode, date: ServiceDate });
/** Reply of `GET /v1/runs`. */
export const RunSummary = runs.RunSummary.meta({
  id: 'RunSummary',
  example: {
    id: '630123-20261203-T1',
    county: '630123',
    date: '2026-12-03',
    kind: 'line',
    lineId: 'T1',
    tier: 'trunk',
    tripId: null,
    vehicle: 'truck-1',
    refrigerated: false,
    depart: '07:00',
    capacityKg: 1500,
    capacityM3: 10,
    loadKg: 42.5,
    loadM3: 0.12,
    parcels: 17,
    feedsFrom: null,
  },
});
export const RunList = z.object({ runs: z.array(RunSummary) }).openapi('RunList');
/** Run path parameter. */
export const RunParams = z.object({ id: z.string().min(1).max(200) });
/** `?format=` of a manifest. */
export const ManifestQuery = z.object({ format: z.enum(['json', 'csv', 'html']).default('json') });
/** A run's manifest (stops in order, parcels per stop, load). */
export const ManifestParcel = runs.ManifestParcel.extend({ eta: Instant.nullable() }).meta({ id: 'ManifestParcel' });
export const Manifest = runs.Manifest.extend({ stops: z.array(runs.ManifestStop.extend({ parcels: z.array(ManifestParcel) })) }).meta({
  id: 'Manifest',
  description: 'stops in order with the parcels leaving the vehicle there; a parcel ETA at its village stop equals the stop arrival',
  example: {
    run: {
      id: '630123-20261203-F1',
      county: '630123',
      date: '2026-12-03',
      kind: 'line',
      lineId: 'F1',
      tier: 'feeder',
      tripId: null,
      vehicle: 'van-2',
      refrigerated: false,
      depart: '12:30',
      capacityKg: 600,
      capacityM3: 4,
      loadKg: 2,
      loadM3: 0.004,
      parcels: 1,
      feedsFrom: '630123-20261203-T1',
    },
    stops: [
      {
        seq: 1,
        node: '630123100001',
        name: '城关村',
        kind: 'village_point',
        arrive: '13:06',
        depart: '13:16',
        kg: 2,
        m3: 0.004,
        parcels: [{ carrier: 'ZTO', trackingNo: 'ZT-1', villageCode: '630123100001', weightKg: 2, volumeL: 4, temperature: 'ambient', status: 'assigned', eta: '2026-12-03T13:06:00+08:00' }],
      },
    ],
  },
});

// ---------------------------------------------------------------- parcels, consolidation, events

/** One parcel of a JSON feed (src/domain/feed.ts); rows are validated one by one by ingest. */
export const ParcelRow = DomainFeedRow.meta({
  id: 'FeedRow',
  description: `one parcel; times ISO 8601 with any offset (none = county time +08:00). Deprecated for one release: the snake_case spellings (${Object.values(FEED_COLUMNS).filter((c) => c.includes('_')).join(', ')}), which stay the CSV column names`,
  example: { carrier: 'ZTO', trackingNo: 'ZT-1', destCode: '630123100001', weightKg: 2, volumeL: 4, temperature: 'ambient', readyAt: '2026-12-03T06:00+08:00' },
});
/** Body of `POST /v1/parcels` as JSON: an array of rows (text/csv is accepted too). */
/** A row that breaks the FeedRow rules: still read, then rejected with its row number, field and reason. */
const OpenRow = z.record(z.string(), JsonLeaf).openapi({ description: 'a row as sent (checked row by row)' });
export const ParcelFeed = z.array(z.union([ParcelRow, OpenRow])).openapi('ParcelFeed', {
  description: 'array of FeedRow objects; each row is validated on its own and rejected rows are listed',
});
/** `?county=` of the ingest (optional: resolved from the destination otherwise). */
export const IngestQuery = z.object({ county: CountyCode.optional(), carrier: z.string().min(1).max(100).optional() });
/** Reply of `POST /v1/parcels`. */
export const IngestReply = z
  .object({
    rows: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    updated: z.number().int(),
    superseded: z.number().int().meta({ description: 'changed rows not applied: the parcel already holds the version of a later feed (feed time, then arrival)' }),
    unresolved: z.number().int(),
    rejectedRows: z.number().int(),
    rejected: z
      .array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() }))
      .meta({ description: 'the problems of rejected rows, at most 100 (rejectedRows counts them all)' }),
  })
  .openapi('IngestReply');

/** `GET /v1/consolidation?county=&date=`. */
export const ConsolidationQuery = z.object({ county: CountyCode, date: ServiceDate });
/** Reply of `GET /v1/consolidation`. */
export const Consolidation = runs.Consolidation.meta({ id: 'Consolidation' });

/** Parcel path parameters. */
export const ParcelParams = z.object({ carrier: z.string().min(1).max(100), trackingNo: z.string().min(1).max(100) });
/** Body of `POST /v1/parcels/:carrier/:trackingNo/resolve`. */
export const ResolveRequest = z
  .object({ villageCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit village code') })
  .openapi('ResolveRequest');

/** `GET /v1/parcels/:carrier/:trackingNo`. */
export const ParcelStatus = runs.ParcelStatus.meta({
  id: 'ParcelStatus',
  example: {
    carrier: 'ZTO',
    trackingNo: 'ZT-1',
    county: '630123',
    status: 'assigned',
    villageCode: '630123100001',
    resolution: 'code',
    weightKg: 2,
    volumeL: 4,
    temperature: 'ambient',
    readyAt: '2026-12-03T06:00:00+08:00',
    dueBy: null,
    serviceDate: '2026-12-03',
    runId: '630123-20261203-F1',
    eta: '2026-12-03T13:06:00+08:00',
    deferReason: null,
    deferUntil: null,
    version: 1,
    events: [{ kind: 'loaded', at: '2026-12-03T07:01:00+08:00', node: 'W630123', runId: '630123-20261203-T1' }],
  },
});

/** One scan event; rows are validated one by one by the events use case (rejected rows listed). */
export const ScanEvent = DomainScanEvent.meta({
  id: 'ScanEvent',
  description: '`at` is ISO 8601 with any offset (none = county time +08:00)',
  example: { carrier: 'ZTO', trackingNo: 'ZT-1', kind: 'delivered', at: '2026-12-03T13:10+08:00', node: '630123100001' },
});
/** Body of `POST /v1/events`: an array of ScanEvent objects (each row checked on its own; a bad row is rejected, not the body). */
export const EventsBody = z
  .array(z.union([ScanEvent, OpenRow]))
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
  .object({ total: z.number().int(), parcels: z.array(runs.UnresolvedParcel) })
  .openapi('UnresolvedList');
/** Reply of `POST /v1/dispatch?wait=true`. */
export const DispatchResult = runs.DispatchResult.meta({ id: 'DispatchResult' });

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
export const CoverageReport = coverage.CoverageReport.meta({
  id: 'CoverageReport',
  description: 'docs/coverage.md defines every figure; rates 0..1 (null when the denominator is 0)',
  example: {
    scope: 'county',
    target: 0.5,
    bandRule: 'daily = 6-7 service days a week, d3to6, d1to2, none',
    period: { from: '2026-11-02T00:00:00+08:00', to: '2026-11-16T00:00:00+08:00' },
    total: {
      villages: 1,
      poorVillages: 0,
      stations: { num: 1, den: 1, rate: 1 },
      poorStations: { num: 0, den: 0, rate: null },
      stationTargetMet: true,
      poorStationTargetMet: null,
      service: null,
      plannedLeadTime: null,
      planned: null,
      actual: null,
      cost: null,
      communities: {
        villages: 0,
        poorVillages: 0,
        stations: { num: 0, den: 0, rate: null },
        poorStations: { num: 0, den: 0, rate: null },
        stationTargetMet: null,
        poorStationTargetMet: null,
        service: null,
        plannedLeadTime: null,
        planned: null,
        actual: null,
      },
    },
    counties: [],
    warnings: [],
  },
});

// ---------------------------------------------------------------- keys

/** Body of `POST /v1/keys` (who may create which key: `requireMayCreateKey` in src/auth/principal.ts). */
export const KeyRequest = z
  .object({
    role: z.enum(ROLES),
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
    role: z.enum(ROLES),
    county: z.string().nullable(),
    carrier: z.string().nullable(),
  })
  .openapi('KeyCreated');
/** `GET /v1/me`: who the key belongs to. */
export const Me = z
  .object({ keyId: z.string(), role: z.enum(ROLES), county: z.string().nullable(), carrier: z.string().nullable() })
  .openapi('Me');

// ---------------------------------------------------------------- shapes kept in step

/**
 * Compile-time guards: the result types dispatch and ingest still declare as interfaces (their
 * modules hold SQL and are refactored on their own) must be exactly the domain shapes documented
 * above, field for field, so the document cannot drift from what the handlers return.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Wire<T> = T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { -readonly [K in keyof T]: Wire<T[K]> } : T;
const _inStep: [
  Same<Wire<import('../dispatch/index.ts').ParcelStatus>, Wire<runs.ParcelStatus>>,
  Same<Wire<import('../dispatch/index.ts').UnresolvedParcel>, Wire<runs.UnresolvedParcel>>,
  Same<Wire<import('../dispatch/index.ts').Consolidation>, Wire<runs.Consolidation>>,
  Same<Wire<import('../dispatch/index.ts').DispatchResult>, Wire<runs.DispatchResult>>,
  Same<Wire<import('../ingest/index.ts').IngestReport>, Wire<z.infer<typeof IngestReply>>>,
] = [true, true, true, true, true];
void _inStep;
