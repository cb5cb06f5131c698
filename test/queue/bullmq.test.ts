import { createBullQueue, startBullWorker } from '../../src/queue/bullmq.ts';
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
