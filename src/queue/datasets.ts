/**
 * County datasets for the processors and the API: the county row in the database names its dataset
 * folder (`slug`), read from `RD_DATASETS_DIR` (default `data/counties/` of this checkout) with the
 * validated loader and kept in memory. Every worker machine needs the same data folder as the API;
 * parcels, timetables and runs come from the shared database.
 */
import path from 'node:path';
import type { Dataset } from '../domain/dataset.ts';
import { loadDataset } from '../domain/load-dataset.ts';
import type { Db } from '../persistence/db.ts';
import { getCounty } from '../persistence/index.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

/** `data/counties/` of this checkout (from the package root: the same folder for the sources and the build). */
export const BUNDLED_DATASETS_DIR = path.join(PACKAGE_ROOT, 'data', 'counties') + path.sep;

/** The dataset root in effect: `RD_DATASETS_DIR` or the bundled one. */
export function datasetsDir(): string {
  return process.env.RD_DATASETS_DIR || BUNDLED_DATASETS_DIR;
}

/** Loads county datasets by code. */
export interface CountyDatasets {
  /** The dataset of an imported county (NotFoundError when not imported). */
  get(code: string): Promise<Dataset>;
  /** The dataset folder of an imported county. */
  dirOf(code: string): Promise<string>;
}

/** A cached dataset source over `db` and dataset folder `root`. */
export function countyDatasets(db: Db, root: string = datasetsDir()): CountyDatasets {
  const cache = new Map<string, Promise<Dataset>>();
  const dirOf = async (code: string): Promise<string> => path.join(root, (await getCounty(db, code)).slug);
  return {
    dirOf,
    get(code) {
      let p = cache.get(code);
      if (!p) {
        p = dirOf(code).then(loadDataset);
        cache.set(code, p);
        p.catch(() => cache.delete(code));
      }
      return p;
    },
  };
}
