/**
 * The API on the BullMQ adapter (real Redis): readiness reports the queue, plans flow through
 * Redis to a BullMQ worker and back over SSE, and Bull Board answers operators only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueBoard } from '../../src/api/bull-board.ts';
import { type BullWorkerHandle, createBullQueue, startBullWorker } from '../../src/queue/bullmq.ts';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { DEFAULT_REDIS_URL, redisAvailable } from '../helpers/services.ts';
import { fakeProcessors } from '../queue/fake-processors.ts';
import { type Harness, startHarness } from './harness.ts';

const prefix = uniquePrefix();
const ready = redisAvailable();
let h: Harness | null = null;
let worker: BullWorkerHandle | null = null;

beforeAll(async () => {
  if (!(await ready)) return;
  const loc = { url: DEFAULT_REDIS_URL, prefix };
  const queue = createBullQueue({ ...loc, retry: { attempts: 2, backoffMs: 20 } });
  worker = await startBullWorker(fakeProcessors().processors, loc);
  h = await startHarness({ queue, queueBoard: (await queueBoard(queue))! });
});
afterAll(async () => {
  await worker?.close(5000);
  await h?.close();
  if (await ready) await deletePrefix(prefix);
});

describe('API on BullMQ', () => {
  it('when Redis answers, then /readyz reports the bullmq queue ready', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const r = await h!.call('GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ready', queue: { ok: true, kind: 'bullmq' }, database: { ok: true, kind: 'pglite' } });
  });

  it('when a plan is posted, then a BullMQ worker runs it and the SSE stream ends with its result', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const r = await h!.call('POST', '/v1/plans', { key: h!.keys.operator, json: { county: '630123', seconds: 1, seed: 4 } });
    expect(r.status).toBe(202);
    const { id } = r.body as { id: string };
    const res = await fetch(`${h!.base}/v1/plans/${id}/events`, { headers: { authorization: `Bearer ${h!.keys.operator}` } });
    const text = await res.text();
    expect(text).toMatch(/event: status\ndata: .*"state":"completed"/);
    const s = (await h!.call('GET', `/v1/plans/${id}`, { key: h!.keys.official })).body;
    expect(s).toMatchObject({ state: 'completed', result: { county: '630123', timetableId: 'tt-630123-4' } });
  });

  it('when Bull Board is opened, then an operator key gets the read-only board', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const none = await fetch(`${h!.base}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Basic/);
    const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`op:${key}`).toString('base64')}` });
    expect((await fetch(`${h!.base}/admin/queues`, { headers: basic(h!.keys.carrierA) })).status).toBe(403);
    const ok = await fetch(`${h!.base}/admin/queues`, { headers: basic(h!.keys.operator) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${h!.base}/admin/queues/api/queues`, { headers: basic(h!.keys.operator) });
    expect(api.status).toBe(200);
    const seen = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(JSON.stringify(seen)).toContain('rural-dispatch');
    expect(seen.queues.map((q) => q.readOnlyMode)).toEqual([true]);
    const full = (await (await fetch(`${h!.base}/admin/queues/api/queues`, { headers: basic(h!.keys.admin) })).json()) as typeof seen;
    expect(full.queues.map((q) => q.readOnlyMode)).toEqual([false]);
  });

  it("when an operator adds a job through Bull Board (another county's dispatch), then 403 and the queue is unchanged; an admin may", async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`op:${key}`).toString('base64')}`, 'content-type': 'application/json' });
    const name = ((await (await fetch(`${h!.base}/admin/queues/api/queues`, { headers: basic(h!.keys.admin) })).json()) as { queues: { name: string }[] }).queues[0]!.name;
    const add = (key: string) =>
      fetch(`${h!.base}/admin/queues/api/queues/${encodeURIComponent(name)}/add`, {
        method: 'POST',
        headers: basic(key),
        body: JSON.stringify({ name: 'dispatch-day', data: { county: '630123', date: '2026-11-20' }, options: { jobId: 'board-probe' } }),
      });
    const probe = await add(h!.keys.otherOperator);
    expect(probe.status).toBe(403);
    expect(await h!.queue.get('board-probe')).toBeNull();
    const pause = await fetch(`${h!.base}/admin/queues/api/queues/${encodeURIComponent(name)}/pause`, { method: 'PUT', headers: basic(h!.keys.operator) });
    expect(pause.status).toBe(403);
    const byAdmin = await add(h!.keys.admin);
    expect(byAdmin.status).toBe(200);
    expect(await h!.queue.get('board-probe')).toMatchObject({ name: 'dispatch-day' });
  });
});
