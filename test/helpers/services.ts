/**
 * Real-service availability for integration suites. With `CI=true` a missing service is a failure
 * (the suite must not silently skip); elsewhere the suite skips with a visible notice, so
 * `npm test` passes on a laptop with nothing but Node.
 */
import net from 'node:net';

export const DEFAULT_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DEFAULT_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function check(name: string, url: string): Promise<boolean> {
  const u = new URL(url);
  const ok = await reachable(u.hostname, Number(u.port));
  if (!ok) {
    if (process.env.CI === 'true') throw new Error(`${name} at ${u.host} is not reachable and CI=true: failing instead of skipping`);
    console.warn(`\n  NOTICE: ${name} at ${u.host} is not reachable; its real-service suite is SKIPPED.\n`);
  }
  return ok;
}

/** True when Postgres answers at TEST_DATABASE_URL; throws under CI when it does not. */
export const postgresAvailable = (): Promise<boolean> => check('Postgres', DEFAULT_PG_URL);
/** True when Redis answers at TEST_REDIS_URL; throws under CI when it does not. */
export const redisAvailable = (): Promise<boolean> => check('Redis', DEFAULT_REDIS_URL);
