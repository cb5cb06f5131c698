/**
 * Who is calling, and what each role may do (issue 6): an `operator` runs one county (plans,
 * dispatch, manifests, feeds); a `carrier` sees and sends only its own parcels; an `official` reads
 * coverage and timetables of one county or, with no county, of the whole province. Officials never
 * write.
 */
import { ForbiddenError, NotFoundError } from '../errors.ts';

/** A principal's role. */
export type Role = 'operator' | 'carrier' | 'official';
/** Runtime list of roles. */
export const ROLES: readonly Role[] = ['operator', 'carrier', 'official'];

/** The authenticated caller. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  /** Operator: its county; official: its county or null for the whole province; carrier: null. */
  readonly county: string | null;
  /** Carrier: its name as used in parcel feeds; null otherwise. */
  readonly carrier: string | null;
}

/** Throws ForbiddenError unless the principal has one of `roles`. */
export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) throw new ForbiddenError(`role ${p.role} may not do this (needs ${roles.join(' or ')})`);
}

/** True when the principal may read data of `county` (operators and county officials: theirs only). */
export function canReadCounty(p: Principal, county: string): boolean {
  if (p.role === 'carrier') return false;
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
