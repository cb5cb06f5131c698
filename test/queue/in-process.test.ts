import { createInProcessQueue } from '../../src/queue/in-process.ts';
import { queueConformance } from './conformance.ts';

queueConformance('in-process runner', async (processors) => {
  const queue = createInProcessQueue(processors, { retry: { attempts: 3, backoffMs: 20 } });
  return { queue, teardown: () => queue.close() };
});
