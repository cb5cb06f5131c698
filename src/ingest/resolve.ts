/**
 * Destination resolution of a parcel to a village point of the county, in this order:
 * 1. `dest_code`: a 12-digit code of a village of the county;
 * 2. `dest_lon`,`dest_lat`: the nearest village point (kdbush + geokdbush great-circle search)
 *    within `maxKm` (default 30 km; farther means the point is not in this county's service area);
 * 3. `dest_address`: text containing a village name (with or without 村/村委会/社区), the longest
 *    match wins; when the same name exists in several townships the township name in the text
 *    decides; still ambiguous → unresolved;
 * 4. otherwise unresolved (the parcel is kept with status `unresolved`, listed for the operator).
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { NetworkNode } from '../domain/dataset.ts';

/** How a destination was matched. */
export type Resolution = 'code' | 'lonlat' | 'address';

/** A resolved destination. */
export interface ResolvedDestination {
  readonly villageCode: string;
  readonly resolution: Resolution;
}

/** Destination fields of a parcel. */
export interface DestinationFields {
  readonly destCode: string | null;
  readonly destLon: number | null;
  readonly destLat: number | null;
  readonly destAddress: string | null;
}

/** Resolves destinations against one county's village points. */
export interface VillageResolver {
  resolve(d: DestinationFields): ResolvedDestination | null;
}

/** Official suffix → the shorter forms people write ('寺滩村民委员会' → '寺滩村', '寺滩'). */
const VILLAGE_SUFFIXES: readonly (readonly [string, readonly string[]])[] = [
  ['社区居民委员会', ['社区', '']],
  ['居民委员会', ['社区', '']],
  ['社区居委会', ['社区', '']],
  ['村民委员会', ['村', '']],
  ['村委会', ['村', '']],
  ['社区', ['']],
  ['村', ['']],
];
const TOWNSHIP_SUFFIXES: readonly (readonly [string, readonly string[]])[] = [
  ['街道办事处', ['街道', '']],
  ['街道', ['']],
  ['镇', ['']],
  ['乡', ['']],
];

function aliases(name: string, suffixes: readonly (readonly [string, readonly string[]])[]): string[] {
  const out = new Set([name]);
  for (const [suffix, replacements] of suffixes) {
    if (!name.endsWith(suffix)) continue;
    const stem = name.slice(0, -suffix.length);
    for (const r of replacements) if ((stem + r).length >= 2) out.add(stem + r);
    break;
  }
  return [...out];
}

/** Builds a resolver over the village points of `nodes` (other kinds give township names). */
export function createVillageResolver(nodes: readonly NetworkNode[], options: { maxKm?: number } = {}): VillageResolver {
  const maxKm = options.maxKm ?? 30;
  const villages = nodes.filter((n) => n.kind === 'village_point');
  const byCode = new Map(villages.map((v) => [v.code, v] as const));
  const byId = new Map(villages.map((v) => [v.id, v] as const));
  const index = new KDBush(Math.max(villages.length, 1));
  for (const v of villages) index.add(v.lon, v.lat);
  if (villages.length === 0) index.add(0, 0);
  index.finish();

  const townshipAliases = new Map<string, string[]>();
  for (const n of nodes) if (n.kind === 'township_hub') townshipAliases.set(n.id, aliases(n.name, TOWNSHIP_SUFFIXES));
  // alias → villages carrying it, longest aliases first so '上河拉台村' beats '河拉台村'.
  const aliasMap = new Map<string, NetworkNode[]>();
  for (const v of villages) {
    for (const a of aliases(v.name, VILLAGE_SUFFIXES)) {
      const list = aliasMap.get(a) ?? [];
      list.push(v);
      aliasMap.set(a, list);
    }
  }
  const aliasList = [...aliasMap.keys()].sort((a, b) => b.length - a.length);

  const townshipNames = nodes.filter((n) => n.kind === 'township_hub').map((n) => n.name);
  function byAddress(address: string): NetworkNode | null {
    const full = address.replace(/\s+/g, '');
    // Township names are cut out first so that '城关镇' cannot match a village alias '城关'.
    let text = full;
    for (const t of townshipNames) text = text.split(t).join('|');
    for (const a of aliasList) {
      if (!text.includes(a)) continue;
      const candidates = aliasMap.get(a)!;
      if (candidates.length === 1) return candidates[0]!;
      const inTownship = candidates.filter((v) =>
        (townshipAliases.get(v.parent ?? '') ?? []).some((t) => full.includes(t)),
      );
      return inTownship.length === 1 ? inTownship[0]! : null;
    }
    return null;
  }

  return {
    resolve(d) {
      if (d.destCode !== null) {
        const v = byCode.get(d.destCode) ?? byId.get(d.destCode);
        if (v) return { villageCode: v.id, resolution: 'code' };
      }
      if (d.destLon !== null && d.destLat !== null && villages.length > 0) {
        const hit = around(index, d.destLon, d.destLat, 1, maxKm)[0];
        if (hit !== undefined) return { villageCode: villages[hit]!.id, resolution: 'lonlat' };
      }
      if (d.destAddress !== null) {
        const v = byAddress(d.destAddress);
        if (v) return { villageCode: v.id, resolution: 'address' };
      }
      return null;
    },
  };
}
