/**
 * Postgres/PGlite adapter of the ApiKeyRepository port (src/auth/ports.ts): table api_keys
 * (migration 050-api-keys.sql) holding key hashes, never keys.
 */
import type { ApiKeyRepository } from '../auth/ports.ts';
import type { Role } from '../auth/principal.ts';
import type { Db } from './db.ts';

/** The ApiKeyRepository of `db`. */
export function pgApiKeyRepository(db: Db): ApiKeyRepository {
  return {
    async insert(k) {
      const r = await db.query<{ id: string }>(
        `INSERT INTO api_keys (key_hash, key_prefix, role, county, carrier, label)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
        [k.keyHash, k.keyPrefix, k.role, k.county, k.carrier, k.label],
      );
      return r.rows[0]!.id;
    },
    async findActiveByHash(keyHash) {
      const r = await db.query<{ id: string; role: Role; county: string | null; carrier: string | null }>(
        'SELECT id::text AS id, role, county, carrier FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
        [keyHash],
      );
      const row = r.rows[0];
      return row ? { keyId: row.id, role: row.role, county: row.county, carrier: row.carrier } : null;
    },
    async revoke(id) {
      const r = await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1::bigint AND revoked_at IS NULL', [id]);
      return r.rowCount > 0;
    },
    async countActive() {
      const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL');
      return r.rows[0]?.n ?? 0;
    },
  };
}
