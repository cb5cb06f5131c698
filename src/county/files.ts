/** Reading and writing the raw dataset files the import commands edit (formatting as the build writes them). */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Position } from 'geojson';

/** A network.geojson feature as stored (properties kept as they are). */
export interface RawNodeFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: Position };
  properties: Record<string, unknown> & { id: string; code: string; kind: string };
}

export interface RawNetwork {
  type: 'FeatureCollection';
  name?: string;
  features: RawNodeFeature[];
}

export async function readNetworkFile(dir: string): Promise<RawNetwork> {
  return JSON.parse(await readFile(path.join(dir, 'network.geojson'), 'utf8')) as RawNetwork;
}

/** GeoJSON with one feature per line, as the dataset build writes it. */
export function featureLines(name: string | undefined, features: readonly unknown[]): string {
  return `{"type":"FeatureCollection"${name !== undefined ? `,"name":${JSON.stringify(name)}` : ''},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

export async function writeNetworkFile(dir: string, net: RawNetwork): Promise<void> {
  await writeFile(path.join(dir, 'network.geojson'), featureLines(net.name, net.features));
}

/** One CSV cell, quoted when needed. */
export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvText = (rows: readonly (readonly (string | number)[])[]): string => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
