/**
 * Who is calling, and what each role may do (docs/security.md has the full table): an `admin`
 * manages keys and the job queues but reads and writes no county data; an `operator` runs one
 * county (plans, dispatch, manifests, feeds); a `carrier` sees and sends only its own parcels; an
 * `official` reads coverage and timetables of one county or, with no county, of the whole
 * province. Officials never write.
 */
import { ForbiddenError, NotFoundError } from '../errors.ts';

/** Runtime list of roles. */
export const ROLES = ['admin', 'operator', 'carrier', 'official'] as const;
/** A principal's role. */
export type Role = (typeof ROLES)[number];

/** The authenticated caller. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  /** Operator: its county; official: its county or null for the whole province; carrier, admin: null. */
  readonly county: string | null;
  /** Carrier: its name as used in parcel feeds; null otherwise. */
  readonly carrier: string | null;
}

/** Throws ForbiddenError unless the principal has one of `roles`. */
export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) throw new ForbiddenError(`role ${p.role} may not do this (needs ${roles.join(' or ')})`);
}

/**
 * True when the principal may read data of `county`: operators and county officials theirs only,
 * provincial officials every county; carriers and admins none (an admin has no county).
 */
export function canReadCounty(p: Principal, county: string): boolean {
  if (p.role !== 'operator' && p.role !== 'official') return false;
  return p.county === null || p.county === county;
}

/** Throws ForbiddenError unless the principal may read `county`. */
export function requireCountyRead(p: Principal, county: string): void {
  if (!canReadCounty(p, county)) throw new ForbiddenError(`this key may not read county ${county}`);
}

/** Throws unless the principal is the operator of `county` (officials: 403, other counties: 403). */
export function requireCountyWrite(p: Principal, county: string): void {
  requireRole(p, 'operator');
  if (p.county !== county) throw new ForbiddenError(`this key operates county ${p.county}, not ${county}`);
}

/**
 * Throws NotFoundError unless the principal may see parcels of `carrier` in `county`: a carrier
 * only its own, an operator those of its county. 404 rather than 403 so that a carrier cannot learn
 * whether another carrier's tracking number exists.
 */
export function requireParcelAccess(p: Principal, parcel: { carrier: string; county: string | null }, what: string): void {
  const ok =
    (p.role === 'carrier' && p.carrier === parcel.carrier) ||
    (p.role === 'operator' && parcel.county !== null && p.county === parcel.county);
  if (!ok) throw new NotFoundError(`${what} not found`);
}

/** What a new key would stand for (the creator's request, before validation). */
export interface KeyGrant {
  readonly role: Role;
  readonly county?: string | null;
  readonly carrier?: string | null;
}

/**
 * Who may create which key through the API (the CLI, run by whoever holds the database, may
 * create any key, `admin` included):
 * - an `admin` creates any key: admin, operator and official of any county, provincial official,
 *   carrier;
 * - an `operator` creates only keys of its own county with at most its own rights: `operator`
 *   or `official` keys of its county. Never carrier keys (a carrier key reads and scans that
 *   carrier's parcels in every county), provincial officials, other counties or admins;
 * - carriers and officials create no keys.
 * Throws ForbiddenError naming the rule that refused.
 */
export function requireMayCreateKey(creator: Principal, k: KeyGrant): void {
  if (creator.role === 'admin') return;
  if (creator.role !== 'operator') throw new ForbiddenError(`a ${creator.role} key may not create keys`);
  if (k.role !== 'operator' && k.role !== 'official') {
    throw new ForbiddenError(`an operator may not create ${k.role} keys (an admin does)`);
  }
  if (k.county !== creator.county) {
    throw new ForbiddenError(`an operator of ${creator.county} may create ${k.role} keys for county ${creator.county} only`);
  }
}
