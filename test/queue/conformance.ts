/**
 * The JobQueue conformance suite: every adapter — the in-process runner and BullMQ on
 * real Redis — must behave the same for callers. `make` builds a fresh queue (and worker) around the
 * given processors and returns it with a teardown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.ts';
import type { JobEvent, JobQueue, Processors } from '../../src/queue/port.ts';
import { waitFor } from '../helpers/wait.ts';
import { fakeProcessors } from './fake-processors.ts';

/** Builds an adapter under test. */
export type MakeQueue = (processors: Processors) => Promise<{ queue: JobQueue; teardown: () => Promise<void> }>;

const settled = (q: JobQueue, id: string, states = ['completed', 'failed', 'cancelled']) =>
  waitFor(async () => {
    const s = await q.get(id);
    return s && states.includes(s.state) ? s : undefined;
  }, `job ${id} to settle`);

/** Registers the suite under `label`. */
export function queueConformance(label: string, make: MakeQueue, enabled: () => Promise<boolean> | boolean = () => true): void {
  describe(`JobQueue conformance: ${label}`, () => {
    let teardown: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await teardown?.();
      teardown = null;
    });
    const setup = async () => {
      const fake = fakeProcessors();
      const made = await make(fake.processors);
      teardown = made.teardown;
      return { queue: made.queue, log: fake.log };
    };

    it('when a plan is enqueued, then it runs once, reports progress and completes with its result', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue, log } = await setup();
      const events: JobEvent[] = [];
      const payload = { county: '630123', settings: { mode: 'block' }, seed: 7, seconds: 1 };
      const { id, created } = await queue.enqueue('plan-timetable', payload);
      expect(created).toBe(true);
      await queue.subscribe(id, (e) => events.push(e));
      await waitFor(() => log.release.get(id), 'the job to start');
      log.release.get(id)!();
      const s = await settled(queue, id);
      expect(s.state).toBe('completed');
      expect(s.result).toMatchObject({ county: '630123', timetableId: 'tt-630123-7' });
      expect(s.progress).toMatchObject({ percent: 100, phase: 'done' });
      expect(s.payload).toMatchObject({ county: '630123', seed: 7 });
      await waitFor(() => events.find((e) => e.type === 'completed'), 'the completed event');
      expect(events.some((e) => e.type === 'progress' && e.progress.percent === 100)).toBe(true);
      expect(log.calls.filter((c) => c.id === id)).toHaveLength(1);
    });

    it('when the same request is repeated, then the job id is the same and it is not run twice', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue, log } = await setup();
      const payload = { county: '630121', settings: {}, seed: 1, seconds: 1 };
      const a = await queue.enqueue('plan-timetable', payload);
      await settled(queue, a.id);
      const b = await queue.enqueue('plan-timetable', { seconds: 1, seed: 1, settings: {}, county: '630121' });
      expect(b.id).toBe(a.id);
      expect(b.created).toBe(false);
      expect(b.state).toBe('completed');
      const c = await queue.enqueue('plan-timetable', { ...payload, seed: 2 });
      expect(c.id).not.toBe(a.id);
      await settled(queue, c.id);
      expect(log.calls.filter((x) => x.id === a.id)).toHaveLength(1);
      // A deliberate re-run replaces the completed job.
      const d = await queue.enqueue('plan-timetable', payload, { replace: true });
      expect(d).toMatchObject({ id: a.id, created: true });
      await waitFor(() => log.calls.filter((x) => x.id === a.id).length === 2, 'the re-run');
      expect((await settled(queue, a.id)).state).toBe('completed');
    });

    it('when a processor fails transiently, then the job is retried and completes', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue, log } = await setup();
      const { id } = await queue.enqueue('plan-timetable', { county: '630122', settings: { mode: 'flaky' }, seed: 1, seconds: 1 });
      const s = await settled(queue, id);
      expect(s.state).toBe('completed');
      expect(log.calls.filter((c) => c.id === id).map((c) => c.attempt)).toEqual([1, 2]);
      expect(s.attemptsMade).toBe(2);
    });

    it('when the input is invalid, then the job fails at once, without retry, keeping the message', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue, log } = await setup();
      const { id } = await queue.enqueue('plan-timetable', { county: '630124', settings: { mode: 'invalid' }, seed: 1, seconds: 1 });
      const s = await settled(queue, id);
      expect(s.state).toBe('failed');
      expect(s.error?.message).toContain('settings.cutoff: must be HH:MM');
      expect(s.error?.unrecoverable).toBe(true);
      expect(log.calls.filter((c) => c.id === id)).toHaveLength(1);
    });

    it('when a payload breaks the contract, then enqueue throws a ValidationError naming the field', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue } = await setup();
      const bad = { county: '63', settings: {}, seed: 1, seconds: 1 };
      await expect(queue.enqueue('plan-timetable', bad)).rejects.toBeInstanceOf(ValidationError);
      await expect(queue.enqueue('plan-timetable', bad)).rejects.toThrow(/county/);
    });

    it('when a running job is cancelled, then its processor is aborted and the job ends cancelled', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue, log } = await setup();
      const { id } = await queue.enqueue('plan-timetable', { county: '630125', settings: { mode: 'block' }, seed: 1, seconds: 1 });
      const events: JobEvent[] = [];
      await queue.subscribe(id, (e) => events.push(e));
      await waitFor(() => log.release.get(id), 'the job to start');
      await queue.cancel(id);
      await waitFor(() => log.aborted.has(id), 'the abort signal');
      const s = await settled(queue, id);
      expect(s.state).toBe('cancelled');
      await waitFor(() => events.find((e) => e.type === 'cancelled'), 'the cancelled event');
      expect(log.calls.filter((c) => c.id === id)).toHaveLength(1);
      // A cancelled plan may be requested again: it is a new job under the same id.
      const again = await queue.enqueue('plan-timetable', { county: '630125', settings: { mode: 'block' }, seed: 1, seconds: 1 });
      expect(again).toMatchObject({ id, created: true });
      await waitFor(() => log.calls.filter((c) => c.id === id).length === 2 && log.release.get(id), 'the second run');
      await queue.cancel(id);
      await settled(queue, id);
    });

    it('when a waiting job is cancelled, then it never runs', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue, log } = await setup();
      // Occupy the single slot so the next job waits.
      const first = await queue.enqueue('plan-timetable', { county: '630126', settings: { mode: 'block' }, seed: 1, seconds: 1 });
      await waitFor(() => log.release.get(first.id), 'the first job to start');
      const second = await queue.enqueue('plan-timetable', { county: '630127', settings: {}, seed: 1, seconds: 1 });
      const c = await queue.cancel(second.id);
      expect(c?.state).toBe('cancelled');
      log.release.get(first.id)!();
      await settled(queue, first.id);
      expect((await queue.get(second.id))?.state).toBe('cancelled');
      expect(log.calls.some((x) => x.id === second.id)).toBe(false);
    });

    it('when a county is scheduled daily, then the schedule is listed and can be removed', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue } = await setup();
      await queue.scheduleDaily({ county: '630123', time: '06:30', timeZone: 'Asia/Shanghai' });
      await queue.scheduleDaily({ county: '630121', time: '07:05', timeZone: 'Asia/Shanghai' });
      await queue.scheduleDaily({ county: '630123', time: '06:45', timeZone: 'Asia/Shanghai' });
      expect(await queue.listSchedules()).toEqual([
        { county: '630121', time: '07:05', timeZone: 'Asia/Shanghai' },
        { county: '630123', time: '06:45', timeZone: 'Asia/Shanghai' },
      ]);
      expect(await queue.unscheduleDaily('630121')).toBe(true);
      expect(await queue.unscheduleDaily('630121')).toBe(false);
      expect((await queue.listSchedules()).map((s) => s.county)).toEqual(['630123']);
      await expect(queue.scheduleDaily({ county: '630123', time: '25:00', timeZone: 'Asia/Shanghai' })).rejects.toThrow(/time/);
    });

    it('when a schedule names an unknown time zone, then it is refused as invalid input and nothing is stored', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue } = await setup();
      await expect(queue.scheduleDaily({ county: '630122', time: '06:30', timeZone: 'Mars/Olympus' })).rejects.toThrow(/timeZone: must be an IANA time zone/);
      expect((await queue.listSchedules()).map((s) => s.county)).not.toContain('630122');
    });

    it('when asked for an unknown job, then get and cancel return null', async (ctx) => {
      if (!(await enabled())) return ctx.skip();
      const { queue } = await setup();
      expect(await queue.get('plan-timetable-630123-0000000000000000')).toBeNull();
      expect(await queue.cancel('plan-timetable-630123-0000000000000000')).toBeNull();
      expect(await queue.ping()).toBe(true);
    });
  });
}
