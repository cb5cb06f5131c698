/**
 * Bull Board (the BullMQ dashboard), mounted by `createApp` at `/admin/queues`. Two boards over the
 * same queue: a full one for `admin` keys, and one whose queue adapter is in read-only mode for
 * operators (no add, retry, promote, clean, pause, remove; the board answers 405 to those). The
 * app also refuses every non-GET request of a non-admin before it reaches a board. A browser sends
 * the key as the Basic-auth password.
 */
import type { RequestHandler } from 'express';
import type { JobQueue } from '../queue/port.ts';

/** Base path of the queue dashboard. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/** The two Bull Board handlers (admin: full; operators: read-only). */
export interface QueueBoard {
  readonly basePath: string;
  /** Full access (admins). */
  readonly handler: RequestHandler;
  /** Read-only board (operators). Without it operators get `handler`, behind the GET-only guard. */
  readonly readOnlyHandler?: RequestHandler;
}

/** The Bull Board handlers for a BullMQ-backed queue, or undefined for the in-process runner. */
export async function queueBoard(queue: JobQueue): Promise<QueueBoard | undefined> {
  if (queue.kind !== 'bullmq' || !('queue' in queue)) return undefined;
  const { createBullBoard } = await import('@bull-board/api');
  const { BullMQAdapter } = await import('@bull-board/api/bullMQAdapter');
  const { ExpressAdapter } = await import('@bull-board/express');
  const bull = (queue as { queue: ConstructorParameters<typeof BullMQAdapter>[0] }).queue;
  const board = (readOnlyMode: boolean): RequestHandler => {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(bull, { readOnlyMode })],
      // @bull-board/express pins its own copy of @bull-board/api: same shape, different declaration.
      serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    });
    return adapter.getRouter() as RequestHandler;
  };
  return { basePath: QUEUE_BOARD_PATH, handler: board(false), readOnlyHandler: board(true) };
}
