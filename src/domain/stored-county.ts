/** What a stored county holds: the parts of a Dataset that daily operations (ingest, dispatch) need. */
import type { BusFeed, NetworkNode, TravelSettings, Vehicle } from './dataset.ts';

/** A county as the repositories return it. */
export interface StoredCounty {
  readonly code: string;
  readonly slug: string;
  readonly name: string;
  readonly warehouseId: string;
  readonly nodes: readonly NetworkNode[];
  readonly nodeById: ReadonlyMap<string, NetworkNode>;
  readonly fleet: readonly Vehicle[];
  readonly bus: BusFeed;
  readonly travel: TravelSettings;
}
