import { describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/queue/contracts.ts';
import { createInProcessQueue } from '../../src/queue/in-process.ts';
import { waitFor } from '../helpers/wait.ts';
import { fakeProcessors } from './fake-processors.ts';
import { queueConformance } from './conformance.ts';

queueConformance('in-process runner', async (processors) => {
  const queue = createInProcessQueue(processors, { retry: { attempts: 3, backoffMs: 20 } });
  return { queue, teardown: () => queue.close() };
});

describe('in-process daily scheduler', () => {
  it("when the county's scheduled minute comes, then that service day is dispatched", async () => {
    const fake = fakeProcessors();
    // A clock 200 ms before 06:30 local time in Xining on 2026-11-28.
    const t0 = Date.now();
    const base = Date.parse('2026-11-27T22:29:59.800Z');
    const queue = createInProcessQueue(fake.processors, { now: () => base + (Date.now() - t0) });
    try {
      await queue.scheduleDaily({ county: '630123', time: '06:30', timeZone: 'Asia/Shanghai' });
      const id = jobIdFor('dispatch-day', { county: '630123', date: '2026-11-28' });
      const s = await waitFor(async () => {
        const x = await queue.get(id);
        return x?.state === 'completed' ? x : undefined;
      }, 'the scheduled dispatch');
      expect(s.payload).toEqual({ county: '630123', date: '2026-11-28' });
      expect(fake.log.calls.filter((c) => c.mode === 'dispatch')).toHaveLength(1);
    } finally {
      await queue.close();
    }
  });
});

describe('in-process retention', () => {
  it('when more jobs finish than it keeps, then the oldest finished ones are forgotten', async () => {
    const fake = fakeProcessors();
    const queue = createInProcessQueue(fake.processors, { keepFinished: 2 });
    try {
      const ids: string[] = [];
      for (const county of ['630121', '630122', '630123', '630124']) {
        const { id } = await queue.enqueue('dispatch-day', { county, date: '2026-11-27' });
        ids.push(id);
        await waitFor(async () => (await queue.get(id))?.state === 'completed', `job ${id}`);
      }
      const states = await Promise.all(ids.map(async (id) => (await queue.get(id))?.state ?? null));
      expect(states).toEqual([null, 'completed', 'completed', 'completed']);
    } finally {
      await queue.close();
    }
  });
});
