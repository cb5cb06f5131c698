/**
 * The work of `rural-dispatch keys create` (declared in ./keys.ts, this module is loaded when it
 * runs): creates an API key in the database and prints it once.
 */
import { createApiKey } from '../../auth/keys.ts';
import type { Role } from '../../auth/principal.ts';
import { defaultDataDir, openDb, pgApiKeyRepository } from '../../persistence/index.ts';
import { claimDataDir, type DataDirOwner } from '../data-dir-lock.ts';

/** What to run instead when a server holds the database: the same key through its API. */
function keysHint(o: { role: string; county?: string; carrier?: string; label?: string }): (owner: DataDirOwner) => string {
  const body = JSON.stringify({ role: o.role, ...(o.county ? { county: o.county } : {}), ...(o.carrier ? { carrier: o.carrier } : {}), ...(o.label ? { label: o.label } : {}) });
  // Admin and carrier keys are created through the API by an admin only; operator and official
  // keys of a county also by that county's operator (docs/security.md).
  const who = o.role === 'operator' || o.role === 'official' ? 'an admin key (or an operator key of that county)' : 'an admin key';
  const bearer = o.role === 'operator' || o.role === 'official' ? '<admin or operator key>' : '<admin key>';
  return (owner) =>
    `create the key through it with ${who}: curl -X POST ${owner.url ?? '<its URL>/'}v1/keys -H 'Authorization: Bearer ${bearer}' -H 'content-type: application/json' -d '${body}', or stop it and run this again`;
}

/** Options of `keys create`. */
export interface KeysCreateOptions {
  role: string;
  county?: string;
  carrier?: string;
  label?: string;
  data?: string;
}

/** Runs `keys create` with the parsed options. */
export async function runKeysCreate(o: KeysCreateOptions): Promise<void> {
  // A running `serve` on the same embedded database would never see the key (and the two
  // processes would write over each other's files): refuse, and say how to do it instead.
  const lock = process.env.DATABASE_URL
    ? null
    : claimDataDir(o.data ?? defaultDataDir(), 'keys create', keysHint(o));
  const db = await openDb({
    ...(o.data ? { dataDir: o.data } : {}),
    ...(process.env.RD_DB_SCHEMA ? { schema: process.env.RD_DB_SCHEMA } : {}),
  });
  try {
    const k = await createApiKey(pgApiKeyRepository(db), {
      role: o.role as Role,
      county: o.county ?? null,
      carrier: o.carrier ?? null,
      label: o.label ?? null,
    });
    const p = k.principal;
    const scope = p.role === 'admin' ? 'keys and queues (no county data)' : p.role === 'carrier' ? `carrier ${p.carrier}` : p.county ? `county ${p.county}` : 'the whole province';
    process.stdout.write(`created ${p.role} key ${p.keyId} for ${scope}; store it now, it is not shown again:\n${k.key}\n`);
  } finally {
    await db.close();
    lock?.release();
  }
}
