/** Redis helpers for real-service suites: unique prefixes per test and their cleanup. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DEFAULT_REDIS_URL } from './services.ts';

/** A prefix no other test uses: `rdtest-<random>`. */
export function uniquePrefix(): string {
  return `rdtest-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `prefix:` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deletePrefix(prefix: string, url = DEFAULT_REDIS_URL): Promise<number> {
  const redis = new Redis(url);
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (batch.length) n += await redis.del(...batch);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return n;
}
