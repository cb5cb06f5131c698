/**
 * Bull Board (the BullMQ dashboard) for operators, mounted by `createApp` at `/admin/queues` behind
 * an operator key (a browser sends it as the Basic-auth password).
 */
import type { RequestHandler } from 'express';
import type { JobQueue } from '../queue/port.ts';

/** Base path of the queue dashboard. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/** The Bull Board handler for a BullMQ-backed queue, or undefined for the in-process runner. */
export async function queueBoard(queue: JobQueue): Promise<{ basePath: string; handler: RequestHandler } | undefined> {
  if (queue.kind !== 'bullmq' || !('queue' in queue)) return undefined;
  const { createBullBoard } = await import('@bull-board/api');
  const { BullMQAdapter } = await import('@bull-board/api/bullMQAdapter');
  const { ExpressAdapter } = await import('@bull-board/express');
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter((queue as { queue: ConstructorParameters<typeof BullMQAdapter>[0] }).queue, { readOnlyMode: false })],
    // @bull-board/express pins its own copy of @bull-board/api: same shape, different declaration.
    serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  return { basePath: QUEUE_BOARD_PATH, handler: adapter.getRouter() as RequestHandler };
}
