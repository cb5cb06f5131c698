/**
 * API keys: a random 32-byte key shown once (`rd_` + base64url), stored as its sha256 with the
 * principal it stands for (migration 050-api-keys.sql). Lookup hashes the presented key and
 * compares hashes, so the database never holds a usable key. Storage is the ApiKeyRepository port
 * (src/auth/ports.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ValidationError, type Issue } from '../errors.ts';
import type { ApiKeyRepository } from './ports.ts';
import { type Principal, type Role, ROLES } from './principal.ts';

/** What a new key is for. */
export interface NewKey {
  readonly role: Role;
  readonly county?: string | null;
  readonly carrier?: string | null;
  readonly label?: string | null;
}

/** A created key: `key` is the secret, returned once and never stored. */
export interface CreatedKey {
  readonly key: string;
  readonly principal: Principal;
}

/** sha256 hex of a presented key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh secret key: `rd_` + 43 base64url characters (32 random bytes). */
export function generateKey(): string {
  return `rd_${randomBytes(32).toString('base64url')}`;
}

/** Checks role/county/carrier consistency; throws ValidationError naming the field. */
export function validateNewKey(k: NewKey): void {
  const issues: Issue[] = [];
  if (!ROLES.includes(k.role)) issues.push({ field: 'role', reason: `must be one of ${ROLES.join('|')}` });
  if (k.county != null && !/^\d{6}$/.test(k.county)) issues.push({ field: 'county', reason: 'must be a 6-digit county code' });
  if (k.role === 'operator' && !k.county) issues.push({ field: 'county', reason: 'is required for an operator key' });
  if (k.role === 'carrier' && !k.carrier?.trim()) issues.push({ field: 'carrier', reason: 'is required for a carrier key' });
  if (k.role === 'carrier' && k.county) issues.push({ field: 'county', reason: 'must not be set for a carrier key' });
  if (k.role === 'admin' && k.county) issues.push({ field: 'county', reason: 'must not be set for an admin key (an admin has no county)' });
  if (k.role !== 'carrier' && k.carrier) issues.push({ field: 'carrier', reason: `must not be set for an ${k.role} key` });
  if (issues.length) throw new ValidationError(issues);
}

/** Creates a key for the principal described by `k` and returns the secret once. */
export async function createApiKey(repo: ApiKeyRepository, k: NewKey): Promise<CreatedKey> {
  validateNewKey(k);
  const key = generateKey();
  const county = k.county ?? null;
  const carrier = k.carrier?.trim() ?? null;
  const keyId = await repo.insert({ keyHash: hashKey(key), keyPrefix: key.slice(0, 7), role: k.role, county, carrier, label: k.label ?? null });
  return { key, principal: { keyId, role: k.role, county, carrier } };
}

/** The principal of a presented key, or null when the key is unknown or revoked. */
export async function findPrincipal(repo: ApiKeyRepository, key: string): Promise<Principal | null> {
  if (!/^rd_[A-Za-z0-9_-]{20,100}$/.test(key)) return null;
  return repo.findActiveByHash(hashKey(key));
}

/** Revokes key `id`; false when there was no such active key. */
export async function revokeApiKey(repo: ApiKeyRepository, id: string): Promise<boolean> {
  return repo.revoke(id);
}

/** Number of active keys (serve uses it to decide whether to print a demo key). */
export async function countApiKeys(repo: ApiKeyRepository): Promise<number> {
  return repo.countActive();
}
