/** Builds one prepared county: nodes, flags, demand, fleet and bus lines, then writes it. */
import type { Position } from 'geojson';
import { buildBusLines } from './bus.ts';
import { buildFleet, demandRows } from './demand.ts';
import { assignFlags, placeVillages, tierNodes } from './network.ts';
import { countyReadme, summaryLine } from './readme.ts';
import { writeDataset } from './write.ts';
import type { BuiltCounty, OutNode, PreparedCounty } from './types.ts';

export function buildNetwork(p: PreparedCounty): BuiltCounty {
  const code = p.county.code;
  const { warehouse, hubs } = tierNodes(p);
  const nodes: OutNode[] = [warehouse, ...hubs.values()];
  const placed: Position[] = nodes.map((n) => n.pos);
  const villageNodes = placeVillages(p, placed, warehouse);
  assignFlags(code, villageNodes, warehouse);
  nodes.push(...villageNodes);
  return {
    warehouse,
    hubs,
    nodes,
    villageNodes,
    demandRows: demandRows(code, villageNodes),
    fleet: buildFleet(code, warehouse, p.tPoints, p.seatTownship.code, villageNodes),
    lines: buildBusLines(p, warehouse, hubs, villageNodes),
  };
}

/** Builds and writes one county; returns its summary line and how many village points are real. */
export function buildCounty(outRoot: string, p: PreparedCounty): { line: string; realVillages: number } {
  const b = buildNetwork(p);
  writeDataset(outRoot, p, b, countyReadme(p, b));
  return { line: summaryLine(p, b), realVillages: b.villageNodes.filter((v) => !v.synthetic).length };
}
