/**
 * Authentication at the edge: `Authorization: Bearer <key>` (also `X-API-Key: <key>`, and HTTP Basic
 * with the key as password so a browser can open Bull Board) → the key's Principal, looked up by
 * hash (src/auth/keys.ts) with a short in-memory cache; then a per-key rate limit.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { findPrincipal } from '../auth/keys.ts';
import type { Principal } from '../auth/principal.ts';
import { AppError, UnauthorizedError } from '../errors.ts';
import type { Db } from '../persistence/db.ts';
import { pgApiKeyRepository } from '../persistence/index.ts';

/** The principal attached to an authenticated request. */
export function principalOf(req: Request): Principal | null {
  return (req as Request & { principal?: Principal }).principal ?? null;
}

/** The presented key, or null. */
export function presentedKey(req: Request): string | null {
  const h = req.headers.authorization;
  if (h) {
    const [scheme, value] = h.split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
    if (scheme?.toLowerCase() === 'basic' && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      return i >= 0 ? decoded.slice(i + 1) : decoded;
    }
  }
  const x = req.headers['x-api-key'];
  return typeof x === 'string' && x ? x.trim() : null;
}

/** Options of {@link authenticator}. */
export interface AuthOptions {
  /** How long a looked-up key is trusted without asking the database again (ms, default 10 s). */
  readonly cacheMs?: number;
}

/**
 * Middleware factory: `optional` attaches the principal when a valid key is presented; `required`
 * also answers 401 without one (and 401 for an unknown key in both modes).
 */
export function authenticator(db: Db, opts: AuthOptions = {}): { required: RequestHandler; optional: RequestHandler } {
  const cacheMs = opts.cacheMs ?? 10_000;
  const cache = new Map<string, { p: Principal | null; until: number }>();
  const lookup = async (key: string): Promise<Principal | null> => {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.p;
    const p = await findPrincipal(pgApiKeyRepository(db), key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { p, until: Date.now() + cacheMs });
    return p;
  };
  const make =
    (required: boolean): RequestHandler =>
    (req: Request, _res: Response, next: NextFunction) => {
      const key = presentedKey(req);
      if (!key) {
        if (required) next(new UnauthorizedError('an API key is required: Authorization: Bearer <key>'));
        else next();
        return;
      }
      lookup(key).then(
        (p) => {
          if (!p) return next(new UnauthorizedError('unknown or revoked API key'));
          (req as Request & { principal?: Principal }).principal = p;
          next();
        },
        (err: unknown) => next(err),
      );
    };
  return { required: make(true), optional: make(false) };
}

/** Per-key rate limit (anonymous callers by IP): `limit` requests per `windowMs`; 429 problem otherwise. */
export function perKeyRateLimit(limit: number, windowMs = 60_000): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const p = principalOf(req);
      return p ? `key:${p.keyId}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (_req, _res, next) => next(new AppError(`rate limit exceeded: ${limit} requests per ${windowMs / 1000} s`, 'rate_limited')),
  });
}

/**
 * Per-address limit that runs BEFORE authentication: requests from one client address whose key is
 * refused (401) count against `limit` per `windowMs`; past it the address gets 429 without the key
 * being looked up. Keys that are unknown therefore cannot skip rate limiting, while valid keys behind
 * one address keep their own per-key budgets.
 */
export function preAuthRateLimit(limit: number, windowMs = 60_000): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'pre-auth',
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: (_req, _res, next) =>
      next(new AppError(`rate limit exceeded: ${limit} refused keys per ${windowMs / 1000} s from this address`, 'rate_limited')),
  });
}
