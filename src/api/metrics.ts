/** Prometheus metrics of one app instance (own registry, so several apps in one process do not clash). */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The app's metrics and the middleware that records HTTP requests. */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly jobsEnqueued: Counter<'name' | 'created'>;
  readonly middleware: RequestHandler;
}

/** Creates the registry (process metrics included) and HTTP request metrics. */
export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rd_' });
  const requests = new Counter({
    name: 'rd_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'rd_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobsEnqueued = new Counter({
    name: 'rd_jobs_enqueued_total',
    help: 'Jobs requested through the API by name and whether a new job was created',
    labelNames: ['name', 'created'] as const,
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      // The matched route pattern, not the raw URL, keeps label cardinality bounded.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      duration.observe({ method: req.method, route }, seconds);
    });
    next();
  };
  return { registry, jobsEnqueued, middleware };
}
