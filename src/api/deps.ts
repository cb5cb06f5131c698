/** What `createApp` needs: ports and adapters built by the caller (serve, tests). */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DashboardAssets } from '../dashboard/index.ts';
import type { Db } from '../persistence/db.ts';
import type { CountyDatasets } from '../queue/datasets.ts';
import type { JobQueue } from '../queue/port.ts';

/** Request size limits and rate limit. */
export interface ApiLimits {
  /** Largest JSON body in bytes (default 1 MiB; parcel feeds: `feedBytes`). */
  readonly jsonBytes?: number;
  /** Largest parcel feed (JSON or CSV) in bytes (default 20 MiB, the ingest limit). */
  readonly feedBytes?: number;
  /** Requests per minute per key (anonymous: per IP). Default 600. */
  readonly ratePerMinute?: number;
}

/** Dependencies of the HTTP app. */
export interface AppDeps {
  readonly db: Db;
  readonly queue: JobQueue;
  /** County datasets (default: folders under RD_DATASETS_DIR named by the county's slug). */
  readonly datasets?: CountyDatasets;
  /** pino logger for request logs (default: pino at LOG_LEVEL or info). */
  readonly logger?: Logger;
  /**
   * Queue dashboard (Bull Board), mounted at `/admin/queues`: full for admin keys, read-only (GET
   * only, and `readOnlyHandler` when given) for operator keys, 403 for other keys.
   */
  readonly queueBoard?: { readonly basePath: string; readonly handler: RequestHandler; readonly readOnlyHandler?: RequestHandler };
  /** Dashboard files served at `/` (default: src/dashboard); false to serve none. */
  readonly dashboard?: DashboardAssets | false;
  readonly limits?: ApiLimits;
  /** Check JSON responses against their schemas (tests turn this on). */
  readonly validateResponses?: boolean;
}
