/**
 * The edge checks of plan settings and service dates (src/api/schemas.ts): a plan request with an
 * impossible or misspelt setting, or a date that does not exist, is refused with the field named,
 * instead of being queued and planned (a `cutoff: "25:99"` timetable used to be stored and activated).
 */
import { describe, expect, it } from 'vitest';
import { ConsolidationQuery, CoverageQuery, DispatchRequest, PlanRequest, PlanSettingsInput, RunsQuery } from '../../src/api/schemas.ts';
import { zodIssues } from '../../src/queue/zod-issues.ts';
import { DEFAULT_PLAN_SETTINGS } from '../../src/timetable/settings.ts';

/** The issues of parsing `value` with `schema`, as the API reports them ([] when it passes). */
function issues(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown): { field: string; reason: string }[] {
  const r = schema.safeParse(value);
  return r.success ? [] : zodIssues(r.error as Parameters<typeof zodIssues>[0]);
}

describe('plan settings at the edge', () => {
  it('when the defaults are sent back, then they pass unchanged', () => {
    const r = PlanRequest.safeParse({ county: '630123', settings: DEFAULT_PLAN_SETTINGS });
    expect(r.success).toBe(true);
    expect(r.success && r.data.settings).toEqual(DEFAULT_PLAN_SETTINGS);
  });

  it('checks only settings the planner has, and every one of them with its default passes', () => {
    const known = Object.keys(DEFAULT_PLAN_SETTINGS);
    expect(Object.keys(PlanSettingsInput.shape).filter((k) => !known.includes(k))).toEqual([]);
    for (const [k, v] of Object.entries(DEFAULT_PLAN_SETTINGS)) expect(issues(PlanSettingsInput, { [k]: v }), k).toEqual([]);
  });

  it('when a time is out of range, then the field is named', () => {
    expect(issues(PlanRequest, { county: '630123', settings: { cutoff: '25:99' } })).toEqual([
      { field: 'settings.cutoff', reason: 'must be HH:MM (00:00-23:59)' },
    ]);
    expect(issues(PlanRequest, { county: '630123', settings: { earliestTrunkDeparture: '8:00' } })[0]?.field).toBe('settings.earliestTrunkDeparture');
  });

  it('when a number is a string, negative or zero where it divides, then the field is named', () => {
    const fields = (settings: unknown) => issues(PlanRequest, { county: '630123', settings }).map((i) => i.field);
    expect(fields({ transferMinutes: '30' })).toEqual(['settings.transferMinutes']);
    expect(fields({ villageServiceMinutes: -5 })).toEqual(['settings.villageServiceMinutes']);
    expect(fields({ kgPerParcel: 0 })).toEqual(['settings.kgPerParcel']);
    expect(fields({ busCapacityShare: 1.5 })).toEqual(['settings.busCapacityShare']);
    expect(fields({ slotsPerDay: 1.5 })).toEqual(['settings.slotsPerDay']);
    expect(fields({ policy: { poorVisits: 0 } })).toEqual(['settings.policy.poorVisits']);
    expect(fields({ serviceDays: ['mon', 'mon'] })).toEqual(['settings.serviceDays']);
    expect(fields({ serviceDays: ['monday'] })).toEqual(['settings.serviceDays.0']);
    expect(fields({ patternSweep: 'bogus' })).toEqual(['settings.patternSweep']);
    expect(fields({ busFeePerParcel: null, policy: { poorVisits: 6 } })).toEqual([]);
  });

  it('when a setting is misspelt, then it is refused rather than silently ignored', () => {
    const r = issues(PlanRequest, { county: '630123', settings: { cutOff: '06:00' } });
    expect(r).toHaveLength(1);
    expect(r[0]!.field).toBe('settings.cutOff');
    expect(r[0]!.reason).toContain('is not a planner setting');
  });
});

describe('service dates at the edge', () => {
  it('when a date does not exist, then it is refused instead of rolling over to the next month', () => {
    for (const date of ['2026-11-31', '2026-02-29', '2026-13-01', '2026-00-10']) {
      expect(issues(DispatchRequest, { county: '630123', date }), date).toEqual([{ field: 'date', reason: 'must be a real calendar date' }]);
      expect(issues(RunsQuery, { county: '630123', date }).map((i) => i.field)).toEqual(['date']);
      expect(issues(ConsolidationQuery, { county: '630123', date }).map((i) => i.field)).toEqual(['date']);
    }
    expect(issues(CoverageQuery, { county: '630123', from: '2026-02-30', to: '2026-03-01' }).map((i) => i.field)).toEqual(['from']);
  });

  it('when a date exists, then it passes (leap day included)', () => {
    expect(issues(DispatchRequest, { county: '630123', date: '2028-02-29' })).toEqual([]);
    expect(issues(DispatchRequest, { county: '630123', date: '2026-11-30' })).toEqual([]);
  });
});
