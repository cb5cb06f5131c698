/**
 * GCJ-02 (the Chinese obfuscated datum used by Amap) to WGS-84: an iterative inverse of the
 * published forward transform, converged to 1e-9°, the same method as the demo sources used.
 */
import type { Position } from 'geojson';

const A = 6378245.0;
const EE = 0.00669342162296594323;

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** WGS-84 → GCJ-02 (the published forward formula; every point of Qinghai is inside China). */
export function wgsToGcj([lon, lat]: Position): Position {
  const dLat0 = transformLat(lon! - 105.0, lat! - 35.0);
  const dLon0 = transformLon(lon! - 105.0, lat! - 35.0);
  const radLat = (lat! / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLat0 * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (dLon0 * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon! + dLon, lat! + dLat];
}

/** GCJ-02 → WGS-84 by fixed-point iteration of the forward transform. */
export function gcjToWgs(gcj: Position): Position {
  let w: Position = [gcj[0]!, gcj[1]!];
  for (let i = 0; i < 30; i++) {
    const g = wgsToGcj(w);
    const dx = g[0]! - gcj[0]!, dy = g[1]! - gcj[1]!;
    w = [w[0]! - dx, w[1]! - dy];
    if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) break;
  }
  return w;
}
