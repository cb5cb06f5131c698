/** In-memory adapter of the ApiKeyRepository port (src/auth/ports.ts). */
import type { ApiKeyRepository } from '../../auth/ports.ts';
import { ConflictError } from '../../errors.ts';
import type { MemoryStore } from './store.ts';

/** The ApiKeyRepository of `store`. */
export function memoryApiKeyRepository(store: MemoryStore): ApiKeyRepository {
  return {
    async insert(k) {
      if (store.tables.apiKeys.some((x) => x.keyHash === k.keyHash)) throw new ConflictError('an API key with this hash exists');
      const id = store.nextId();
      store.tables.apiKeys.push({
        id,
        keyHash: k.keyHash,
        keyPrefix: k.keyPrefix,
        principal: { role: k.role, county: k.county, carrier: k.carrier },
        label: k.label,
        revoked: false,
      });
      return id;
    },
    async findActiveByHash(keyHash) {
      const k = store.tables.apiKeys.find((x) => x.keyHash === keyHash && !x.revoked);
      return k ? { keyId: k.id, ...k.principal } : null;
    },
    async revoke(id) {
      const k = store.tables.apiKeys.find((x) => x.id === id && !x.revoked);
      if (!k) return false;
      k.revoked = true;
      return true;
    },
    async countActive() {
      return store.tables.apiKeys.filter((x) => !x.revoked).length;
    },
  };
}
