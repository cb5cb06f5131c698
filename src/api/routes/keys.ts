/** `GET /v1/me` (who am I) and `POST /v1/keys` (an operator issues keys for its county). */
import { createApiKey } from '../../auth/keys.ts';
import { requireRole } from '../../auth/principal.ts';
import { ForbiddenError } from '../../errors.ts';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';
import { KeyCreated, KeyRequest, Me } from '../schemas.ts';
import { pgApiKeyRepository } from '../../persistence/index.ts';

/** Registers the key routes. */
export function keyRoutes(t: RouteTable, deps: AppDeps): void {
  t.add({
    method: 'get',
    path: '/v1/me',
    summary: 'The principal of the presented key',
    tags: ['keys'],
    access: 'key',
    responses: { 200: { description: 'role, county, carrier', schema: Me } },
    handler: async ({ principal }) => principal,
  });
  t.add({
    method: 'post',
    path: '/v1/keys',
    summary: 'Create an API key (operators: carrier keys, and operator/official keys of their own county)',
    description: 'The key is in the reply once; only its hash is stored.',
    tags: ['keys'],
    access: 'key',
    body: KeyRequest,
    responses: { 201: { description: 'the new key', schema: KeyCreated } },
    handler: async ({ principal, body }) => {
      requireRole(principal, 'operator');
      if (body.role !== 'carrier' && body.county !== principal.county) {
        throw new ForbiddenError(`an operator of ${principal.county} may create ${body.role} keys for that county only`);
      }
      const k = await createApiKey(pgApiKeyRepository(deps.db), {
        role: body.role,
        county: body.role === 'carrier' ? null : (body.county ?? null),
        carrier: body.carrier ?? null,
        label: body.label ?? null,
      });
      return { key: k.key, id: k.principal.keyId, role: k.principal.role, county: k.principal.county, carrier: k.principal.carrier };
    },
  });
}
