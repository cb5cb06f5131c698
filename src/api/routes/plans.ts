/** Plans: the `plan-timetable` job behind `POST /v1/plans` (202 + job id), its status, cancel and SSE. */
import type { Response } from 'express';
import { canReadCounty, requireCountyWrite, type Principal } from '../../auth/principal.ts';
import { NotFoundError } from '../../errors.ts';
import { getCounty } from '../../persistence/index.ts';
import type { JobEvent, JobQueue, JobStatus as QueueJobStatus } from '../../queue/port.ts';
import type { AppDeps } from '../deps.ts';
import { jobView } from '../jobs-view.ts';
import type { RouteTable } from '../route.ts';
import { JobAccepted, JobIdParams, JobStatus, PlanRequest } from '../schemas.ts';

/** The job if it exists, is a `name` job and the principal may see its county; else 404. */
export async function visibleJob(queue: JobQueue, id: string, name: string, p: Principal): Promise<QueueJobStatus> {
  const s = await queue.get(id);
  if (!s || s.name !== name || !canReadCounty(p, s.payload.county)) throw new NotFoundError(`${name} job ${id} not found`);
  return s;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Streams a job's events as server-sent events until it settles or the client leaves. */
export async function streamJob(queue: JobQueue, first: QueueJobStatus, res: Response): Promise<void> {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  const send = (event: string, data: unknown): void => {
    if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const end = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(beat);
    unsubscribe?.();
    res.end();
  };
  const beat = setInterval(() => {
    if (!closed) res.write(': keep-alive\n\n');
  }, 15_000);
  res.on('close', end);
  unsubscribe = await queue.subscribe(first.id, (e: JobEvent) => {
    const { type, ...data } = e;
    send(type, data);
    if (e.type === 'completed' || e.type === 'cancelled' || (e.type === 'failed' && !e.willRetry)) {
      // Send the final status too, then close.
      void queue.get(first.id).then((s) => {
        if (s) send('status', jobView(s));
        end();
      });
    }
  });
  // Status after subscribing: nothing between the two is lost.
  const now = (await queue.get(first.id)) ?? first;
  send('status', jobView(now));
  if (TERMINAL.has(now.state)) end();
}

/** Registers the plan routes. */
export function planRoutes(t: RouteTable, deps: AppDeps, onEnqueued?: (name: string, created: boolean) => void): void {
  t.add({
    method: 'post',
    path: '/v1/plans',
    summary: 'Plan a county timetable (asynchronous)',
    description:
      'Queues a `plan-timetable` job and answers 202 with its id. The id is deterministic: the same request returns the same job and does not plan twice. Operators of the county only.',
    tags: ['plans'],
    access: 'key',
    body: PlanRequest,
    responses: { 202: { description: 'queued (or already queued/done)', schema: JobAccepted } },
    handler: async ({ body, principal, res }) => {
      requireCountyWrite(principal, body.county);
      await getCounty(deps.db, body.county);
      const r = await deps.queue.enqueue('plan-timetable', body);
      onEnqueued?.('plan-timetable', r.created);
      res.location(`/v1/plans/${r.id}`);
      return { ...r, links: { self: `/v1/plans/${r.id}`, events: `/v1/plans/${r.id}/events` } };
    },
  });
  t.add({
    method: 'get',
    path: '/v1/plans/:id',
    summary: 'Status, progress and result of a plan job',
    tags: ['plans'],
    access: 'key',
    params: JobIdParams,
    responses: { 200: { description: 'the job', schema: JobStatus } },
    handler: async ({ params, principal }) => jobView(await visibleJob(deps.queue, params.id, 'plan-timetable', principal)),
  });
  t.add({
    method: 'delete',
    path: '/v1/plans/:id',
    summary: 'Cancel a plan job',
    description: 'A waiting job is removed; a running one is aborted (its worker stops solving). Operators of the county only.',
    tags: ['plans'],
    access: 'key',
    params: JobIdParams,
    responses: { 200: { description: 'the job after the cancel request', schema: JobStatus } },
    handler: async ({ params, principal }) => {
      const s = await visibleJob(deps.queue, params.id, 'plan-timetable', principal);
      requireCountyWrite(principal, s.payload.county);
      const after = await deps.queue.cancel(params.id);
      return jobView(after ?? s);
    },
  });
  t.add({
    method: 'get',
    path: '/v1/plans/:id/events',
    summary: 'Progress of a plan job as server-sent events',
    description:
      'Events: `status` (the full job status, first and last), `active`, `progress` ({progress}), `completed` ({result}), `failed` ({error, willRetry}), `cancelled`. The stream ends when the job settles.',
    tags: ['plans'],
    access: 'key',
    params: JobIdParams,
    responses: { 200: { description: 'event stream', contentType: 'text/event-stream' } },
    handler: async ({ params, principal, res }) => {
      const s = await visibleJob(deps.queue, params.id, 'plan-timetable', principal);
      await streamJob(deps.queue, s, res);
      return undefined;
    },
  });
}
