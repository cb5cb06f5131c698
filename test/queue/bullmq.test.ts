import { describe, expect, it } from 'vitest';
import { createBullQueue, startBullWorker } from '../../src/queue/bullmq.ts';
import { nextDailyFire } from '../../src/queue/schedule-time.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { DEFAULT_REDIS_URL, redisAvailable } from '../helpers/services.ts';
import { queueConformance } from './conformance.ts';

let available: Promise<boolean> | null = null;

queueConformance(
  'BullMQ on real Redis',
  async (processors) => {
    const prefix = uniquePrefix();
    const loc = { url: DEFAULT_REDIS_URL, prefix, queueName: 'conformance' };
    const queue = createBullQueue({ ...loc, retry: { attempts: 3, backoffMs: 20 } });
    const worker = await startBullWorker(processors, loc);
    return {
      queue,
      teardown: async () => {
        await worker.close(5_000);
        await queue.close();
        await deletePrefix(prefix);
      },
    };
  },
  () => (available ??= redisAvailable()),
);

describe('BullMQ daily scheduler', () => {
  it('when a county is scheduled, then a BullMQ job scheduler holds the next dispatch at the local time', async (ctx) => {
    if (!(await (available ??= redisAvailable()))) return ctx.skip();
    const prefix = uniquePrefix();
    const queue = createBullQueue({ url: DEFAULT_REDIS_URL, prefix, queueName: 'sched' });
    try {
      const schedule = { county: '630123', time: '06:30', timeZone: 'Asia/Shanghai' };
      const before = Date.now();
      await queue.scheduleDaily(schedule);
      const [s] = await queue.queue.getJobSchedulers(0, -1, true);
      expect(s).toMatchObject({ key: 'dispatch-day-630123', pattern: '30 6 * * *', tz: 'Asia/Shanghai', template: { data: { county: '630123' } } });
      // Its next run is the next 06:30 in Xining (the delayed job BullMQ keeps for it).
      expect(s!.next).toBe(nextDailyFire(schedule, before));
      const delayed = await queue.queue.getDelayed();
      expect(delayed.map((j) => [j.name, j.data])).toEqual([['dispatch-day', { county: '630123' }]]);
    } finally {
      await queue.close();
      await deletePrefix(prefix);
    }
  });
});
