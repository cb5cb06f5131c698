/**
 * `GET /v1/me` (who am I) and `POST /v1/keys` (create a key). Who may create which key is one
 * rule, `requireMayCreateKey` in src/auth/principal.ts (table in docs/security.md).
 */
import { createApiKey } from '../../auth/keys.ts';
import { requireMayCreateKey } from '../../auth/principal.ts';
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
    summary: 'Create an API key (admins: any key; operators: operator and official keys of their own county)',
    description:
      'The key is in the reply once; only its hash is stored. An admin creates any key (admin, operator, official, carrier). An operator creates only operator or official keys of its own county; carrier keys, provincial officials, other counties and admins are 403. Carriers and officials create no keys.',
    tags: ['keys'],
    access: 'key',
    body: KeyRequest,
    responses: { 201: { description: 'the new key', schema: KeyCreated } },
    handler: async ({ principal, body }) => {
      requireMayCreateKey(principal, { role: body.role, county: body.county ?? null, carrier: body.carrier ?? null });
      const k = await createApiKey(pgApiKeyRepository(deps.db), {
        role: body.role,
        county: body.county ?? null,
        carrier: body.carrier ?? null,
        label: body.label ?? null,
      });
      return { key: k.key, id: k.principal.keyId, role: k.principal.role, county: k.principal.county, carrier: k.principal.carrier };
    },
  });
}
