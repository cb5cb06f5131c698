/** Health, readiness, Prometheus metrics and the OpenAPI document. */
import { requireRole } from '../../auth/principal.ts';
import type { AppDeps } from '../deps.ts';
import type { ApiMetrics } from '../metrics.ts';
import type { RouteTable } from '../route.ts';
import { Health, Ready } from '../schemas.ts';
import { pingDb } from '../../persistence/index.ts';

/** Registers the system routes; `document` returns the OpenAPI document. */
export function systemRoutes(t: RouteTable, deps: AppDeps, metrics: ApiMetrics, document: () => unknown): void {
  t.add({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tags: ['system'],
    access: 'public',
    responses: { 200: { description: 'alive', schema: Health } },
    handler: async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  });
  t.add({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: database and queue reachable',
    tags: ['system'],
    access: 'public',
    responses: { 200: { description: 'ready', schema: Ready }, 503: { description: 'a dependency is down', schema: Ready } },
    handler: async ({ res }) => {
      const dbOk = await pingDb(deps.db);
      const queueOk = await deps.queue.ping().catch(() => false);
      const ready = dbOk && queueOk;
      res.status(ready ? 200 : 503);
      return {
        status: ready ? ('ready' as const) : ('unavailable' as const),
        database: { ok: dbOk, kind: deps.db.kind },
        queue: { ok: queueOk, kind: deps.queue.kind },
      };
    },
  });
  t.add({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (admin, operator or official key)',
    tags: ['system'],
    access: 'key',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
    handler: async ({ principal, res }) => {
      requireRole(principal, 'admin', 'operator', 'official');
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      return undefined;
    },
  });
  t.add({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tags: ['system'],
    access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1 document', contentType: 'application/json' } },
    handler: async () => document(),
  });
}
