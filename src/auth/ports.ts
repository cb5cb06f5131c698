/**
 * Port of the API keys: the repository the key use cases (src/auth/keys.ts) depend on. Adapters:
 * src/persistence/api-keys.ts (Postgres/PGlite) and src/persistence/memory/api-keys.ts.
 */
import type { Principal, Role } from './principal.ts';

/** A key row to store: only the hash of the secret and its first characters. */
export interface StoredKeyInput {
  readonly keyHash: string;
  readonly keyPrefix: string;
  readonly role: Role;
  readonly county: string | null;
  readonly carrier: string | null;
  readonly label: string | null;
}

/** Stored API keys. */
export interface ApiKeyRepository {
  /** Stores a key and returns its id. A duplicate hash is a conflict (the store refuses it). */
  insert(k: StoredKeyInput): Promise<string>;
  /** The principal of an active (not revoked) key with this hash, or null. */
  findActiveByHash(keyHash: string): Promise<Principal | null>;
  /** Revokes active key `id`; false when there was no such active key. */
  revoke(id: string): Promise<boolean>;
  /** Number of active keys. */
  countActive(): Promise<number>;
}
