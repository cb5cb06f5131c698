/**
 * The express app (no listen): request ids and pino logs, metrics, body limits, a per-address limit
 * of refused keys before API-key auth, then a per-key rate limit, the /v1 routes from one route
 * table (which also yields /openapi.json), Bull Board (full for admins, read-only for operators),
 * the dashboard at `/`, and the one problem+json error middleware.
 */
import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler } from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { requireRole } from '../auth/principal.ts';
import { dashboardAssets } from '../dashboard/index.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.ts';
import { countyDatasets } from '../queue/datasets.ts';
import { authenticator, perKeyRateLimit, preAuthRateLimit, principalOf } from './auth.ts';
import type { AppDeps } from './deps.ts';
import { createMetrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { problemMiddleware } from './problem.ts';
import { RouteTable } from './route.ts';
import { countyRoutes } from './routes/counties.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { feedRoutes } from './routes/feeds.ts';
import { keyRoutes } from './routes/keys.ts';
import { planRoutes } from './routes/plans.ts';
import { systemRoutes } from './routes/system.ts';

export type { AppDeps, ApiLimits } from './deps.ts';

/** Default largest JSON body (1 MiB). */
export const DEFAULT_JSON_BYTES = 1024 * 1024;
/** Default largest parcel feed (20 MiB, the ingest limit). */
export const DEFAULT_FEED_BYTES = 20 * 1024 * 1024;

/** The app plus what tests and `serve` need from it. */
export interface ApiApp {
  readonly app: Express;
  /** Every API route (method + express path), as registered. */
  readonly routes: RouteTable;
  /** The OpenAPI document. */
  openapi(): unknown;
}

/**
 * True unless the request carries an Origin header naming another host than the one it was sent to
 * (`Host`, or `X-Forwarded-Host` set by a proxy in front).
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const forwarded = req.headers['x-forwarded-host'];
  const hosts = [req.headers.host, ...(typeof forwarded === 'string' ? forwarded.split(',').map((s) => s.trim()) : [])];
  try {
    return hosts.includes(new URL(origin).host);
  } catch {
    return false;
  }
}

/** Builds the app around `deps`. */
export function createApp(deps: AppDeps): ApiApp {
  const logger = deps.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const datasets = deps.datasets ?? countyDatasets(deps.db);
  const metrics = createMetrics();
  const jsonBytes = deps.limits?.jsonBytes ?? DEFAULT_JSON_BYTES;
  const feedBytes = deps.limits?.feedBytes ?? DEFAULT_FEED_BYTES;
  const routes = new RouteTable();
  let doc: unknown = null;
  const document = (): unknown => (doc ??= openApiDocument(routes));

  systemRoutes(routes, deps, metrics, document);
  keyRoutes(routes, deps);
  countyRoutes(routes, deps, datasets);
  planRoutes(routes, deps, (name, created) => metrics.jobsEnqueued.inc({ name, created: String(created) }));
  feedRoutes(routes, deps, metrics);
  coverageRoutes(routes, deps, datasets, metrics.registry);

  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // Never log the key.
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    }),
  );
  app.use(metrics.middleware);
  // Parcel feeds may be large and CSV: read as bytes up to the feed limit (413 past it) and parsed
  // by ingest, which counts rows before building any (src/ingest/parse.ts). Everything else is
  // small JSON.
  const feedBody = express.raw({ type: ['application/json', 'text/csv', 'text/plain'], limit: feedBytes });
  app.use('/v1/parcels', (req, res, next) => (req.method === 'POST' && (req.path === '/' || req.path === '') ? feedBody(req, res, next) : next()));
  app.use(express.json({ limit: jsonBytes }));

  const auth = authenticator(deps.db);
  const limiter = perKeyRateLimit(deps.limits?.ratePerMinute ?? 600);
  // By client address, before the key is looked up: refused keys count too.
  const addressLimiter = preAuthRateLimit(deps.limits?.ratePerMinute ?? 600);
  const api = express.Router();
  routes.mount(api, { before: [addressLimiter, auth.optional, limiter], validateResponses: deps.validateResponses ?? false });
  app.use(api);

  if (deps.queueBoard) {
    const board = deps.queueBoard;
    // Admins: the full board. Operators: read-only (jobs of every county are listed: the queue is
    // shared), and any request but GET/HEAD is refused here, whatever the board would do with it.
    const queueBoardAccess: RequestHandler = (req: Request, res, next) => {
      const p = principalOf(req);
      if (!p) {
        // Browsers: prompt for the key as the Basic password.
        res.setHeader('WWW-Authenticate', 'Basic realm="rural-dispatch queues (password: API key)"');
        next(new UnauthorizedError());
        return;
      }
      try {
        requireRole(p, 'admin', 'operator');
        const write = req.method !== 'GET' && req.method !== 'HEAD';
        // A browser that opened the board keeps its Basic credentials: refuse writes that another
        // site's page makes it send (its Origin is not this server).
        if (write && !sameOrigin(req)) throw new ForbiddenError('queue board changes must come from the board itself (Origin differs from Host)');
        if (p.role === 'admin') return board.handler(req, res, next);
        if (write) throw new ForbiddenError('the queue board is read-only for operators (admins may change jobs)');
        return (board.readOnlyHandler ?? board.handler)(req, res, next);
      } catch (err) {
        next(err);
      }
    };
    app.use(board.basePath, addressLimiter, auth.optional, limiter, queueBoardAccess);
  }

  if (deps.dashboard !== false) {
    const assets = deps.dashboard ?? dashboardAssets();
    for (const [url, dir] of Object.entries(assets.vendor)) app.use(url, express.static(dir, { fallthrough: true }));
    app.use(express.static(assets.staticDir, { index: 'index.html' }));
  }

  app.use((req, _res, next) => next(new NotFoundError(`no route ${req.method} ${req.path}`)));
  app.use(
    problemMiddleware((err, req) => {
      (req as Request & { log?: typeof logger }).log?.error({ err }, 'request failed');
    }),
  );
  return { app, routes, openapi: document };
}
