/** Types of the npm package tiny-osmpbf (plain JS): parses a whole .osm.pbf buffer. */
declare module 'tiny-osmpbf' {
  export interface OsmPbfElement {
    type: 'node' | 'way' | 'relation';
    id: number;
    lat?: number;
    lon?: number;
    nodes?: number[];
    tags?: Record<string, string>;
  }
  export default function parse(input: Uint8Array | ArrayBuffer): { elements: OsmPbfElement[] };
}
