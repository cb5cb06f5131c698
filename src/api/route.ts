/**
 * Declarative routes: one spec gives the express handler (zod-validated params, query and body, the
 * auth level) and the OpenAPI path. Registering both from the same object is what keeps
 * `/openapi.json` covering every route (checked by test/api/openapi.test.ts).
 */
import type { OpenAPIRegistry, RouteConfig, ZodContentObject } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { AppError, UnauthorizedError, ValidationError } from '../errors.ts';
import { zodIssues } from '../queue/zod-issues.ts';
import { principalOf } from './auth.ts';
import { Problem } from './schemas.ts';

/** One response of a route. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Default `application/json`. */
  readonly contentType?: string;
  /** More content types with the same status (e.g. text/csv next to JSON). */
  readonly alsoAs?: readonly string[];
}

/** What a handler receives. */
export interface RouteContext<P, Q, B, A extends Access> {
  readonly req: Request;
  readonly res: Response;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: A extends 'key' ? Principal : Principal | null;
}

/** `public`: no key needed (a key, when sent, is still checked); `key`: 401 without a valid key. */
export type Access = 'public' | 'key';

/** A route: method, express path, schemas, responses and the handler. */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** Express path, e.g. `/v1/plans/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly access: A;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Request media types besides JSON that the handler parses itself (e.g. `text/csv`). */
  readonly rawBodyTypes?: readonly string[];
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Resolves to the JSON body to send, or undefined when it wrote the response itself. */
  readonly handler: (ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>, A>) => Promise<unknown>;
}

type ZodObjectLike = NonNullable<NonNullable<RouteConfig['request']>['params']>;

/** Express path → OpenAPI path (`/v1/plans/:id` → `/v1/plans/{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * The path (`a.0.b`) of the first string in `value` that holds U+0000, or null. Postgres text cannot
 * store NUL, so such a value reached the database as a 500 (`invalid byte sequence … 0x00`).
 */
export function nulPath(value: unknown, at: readonly string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? (at.length ? at.join('.') : '(root)') : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.includes('\u0000')) return [...at, k].join('.');
    const found = nulPath(v, [...at, k], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function rejectNul(value: unknown, source: string): void {
  const field = nulPath(value);
  if (field !== null) throw new ValidationError([{ file: source, field, reason: 'must not contain the NUL character (U+0000)' }]);
}

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, source: string): z.output<T> {
  if (!schema) return value as z.output<T>;
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(zodIssues(r.error, source));
  return r.data;
}

/** A set of routes, mounted on a router and registered in an OpenAPI registry. */
export class RouteTable {
  readonly specs: RouteSpec[] = [];

  /** Adds a route (type parameters are inferred from the spec). */
  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, A extends Access>(spec: RouteSpec<P, Q, B, A>): this {
    this.specs.push(spec as unknown as RouteSpec);
    return this;
  }

  /**
   * Mounts every route on `router`. `auth.optional` runs on every route; `key` routes then require a
   * principal. With `validateResponses`, JSON results are checked against their schema (tests).
   */
  mount(router: Router, opts: { before: RequestHandler[]; validateResponses?: boolean }): void {
    for (const spec of this.specs) {
      // The lowest 2xx of the spec (integer keys iterate in ascending order); handlers answering
      // with another 2xx set it themselves.
      const ok = Object.keys(spec.responses)
        .map(Number)
        .find((s) => s >= 200 && s < 300) ?? 200;
      const handler: RequestHandler = (req, res, next) => {
        (async () => {
          const principal = principalOf(req);
          if (spec.access === 'key' && !principal) throw new UnauthorizedError('an API key is required: Authorization: Bearer <key>');
          rejectNul(req.params, 'path');
          rejectNul(req.query, 'query');
          // Feeds (raw CSV or JSON rows) check each row themselves and list the rejected ones.
          if (spec.body && !spec.rawBodyTypes?.length) rejectNul(req.body, 'body');
          const params = parsePart(spec.params, req.params, 'path');
          const query = parsePart(spec.query, req.query, 'query');
          let body: unknown = req.body;
          const isRaw = spec.rawBodyTypes?.some((t) => req.is(t));
          if (spec.body && !isRaw) {
            if (req.method !== 'GET' && !req.is('application/json') && req.headers['content-length'] !== '0' && req.body === undefined) {
              throw new AppError(
                `body must be application/json${spec.rawBodyTypes?.length ? ' or ' + spec.rawBodyTypes.join(' or ') : ''}`,
                'unsupported_media_type',
              );
            }
            body = parsePart(spec.body, req.body ?? {}, 'body');
          }
          res.status(ok);
          const out = await spec.handler({ req, res, params, query, body, principal } as RouteContext<unknown, unknown, unknown, Access>);
          if (out === undefined || res.headersSent) return;
          const schema = spec.responses[res.statusCode]?.schema;
          if (opts.validateResponses && schema) {
            const v = schema.safeParse(out);
            if (!v.success) {
              throw new Error(`response of ${spec.method.toUpperCase()} ${spec.path} breaks its schema: ${JSON.stringify(zodIssues(v.error))}`);
            }
          }
          res.json(out);
        })().catch(next);
      };
      router[spec.method](spec.path, ...opts.before, handler);
    }
  }

  /** Registers every route in `registry` with the common problem responses. */
  register(registry: OpenAPIRegistry): void {
    for (const spec of this.specs) {
      const responses: RouteConfig['responses'] = {};
      for (const [status, r] of Object.entries(spec.responses)) {
        const types = [r.contentType ?? 'application/json', ...(r.alsoAs ?? [])];
        responses[status] = {
          description: r.description,
          ...(r.schema || r.contentType
            ? {
                content: Object.fromEntries(
                  types.map((t) => [t, { schema: t === (r.contentType ?? 'application/json') && r.schema ? r.schema : { type: 'string' as const } }]),
                ),
              }
            : {}),
        };
      }
      const problem = { content: { 'application/problem+json': { schema: Problem } } };
      if (spec.access === 'key') responses['401'] ??= { description: 'no or unknown API key', ...problem };
      if (spec.access === 'key') responses['403'] ??= { description: 'the key may not do this', ...problem };
      if (spec.params || spec.query || spec.body) responses['422'] ??= { description: 'invalid input; `errors` names each field', ...problem };
      if (spec.body) responses['400'] ??= { description: 'malformed body', ...problem };
      if (spec.body) responses['413'] ??= { description: 'body too large', ...problem };
      responses['429'] ??= { description: 'rate limit exceeded', ...problem };
      responses['default'] = { description: 'error', ...problem };
      const bodyContent: ZodContentObject = {};
      if (spec.body) bodyContent['application/json'] = { schema: spec.body };
      // A JSON body read raw (parsed by the handler) keeps its documented schema.
      for (const t of spec.rawBodyTypes ?? []) bodyContent[t] ??= { schema: { type: 'string' } };
      registry.registerPath({
        method: spec.method,
        path: openApiPath(spec.path),
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        tags: [...spec.tags],
        ...(spec.access === 'key' ? { security: [{ bearerAuth: [] }] } : {}),
        request: {
          // zod-to-openapi wants ZodObject for params and query; every spec uses z.object(…).
          ...(spec.params ? { params: spec.params as unknown as ZodObjectLike } : {}),
          ...(spec.query ? { query: spec.query as unknown as ZodObjectLike } : {}),
          ...(Object.keys(bodyContent).length ? { body: { required: true, content: bodyContent } } : {}),
        },
        responses,
      });
    }
  }
}
