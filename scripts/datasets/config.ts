/** Constants of the synthetic parts and the five hand-curated demo counties. */
import type { CountyConfig } from './types.ts';

/** Average speeds (km/h) per road class, written to dataset.json. */
export const SPEEDS = { default: 40, trunk: 50, rural: 30, bus: 35 } as const;
/** Flat bus fee per parcel in yuan (about a third of a county–township fare), for `feeModel: parcel`. */
export const BUS_FEE_PER_PARCEL = 5;
/**
 * Fee per trip and day that carries the parcel box, in yuan: about one full-length fare on these
 * lines (Yamato / Japan Post charge about one passenger fare per trip for a two-seat box). An
 * assumption, no source for these counties; the planner's sensitivity to it is in docs/timetable.md §7.
 */
export const BUS_FEE_PER_TRIP = 10;
/** Share of village committees (村委会) with a service station, and of registered poor villages. */
export const STATION_SHARE = 0.6;
export const POOR_SHARE = 0.25;
/** Minimum spacing between synthetic village points, km. */
export const MIN_SPACING_KM = 0.7;
/**
 * turf.simplify tolerance for the county boundaries of the province build, degrees (about 110 m
 * north–south, 90 m east–west): the 3.1 MB of county fences become about 0.57 MB, and every source township
 * point still lies inside (the loader allows 0.2 km outside anyway).
 */
export const BOUNDARY_TOLERANCE_DEG = 0.001;

/** The demo counties, built from the hand-curated sources in `../shared/data-sources/qinghai/<folder>/`. */
export const DEMO_COUNTIES: readonly CountyConfig[] = [
  {
    folder: '630123-huangyuan',
    slug: 'huangyuan',
    nameEn: 'Huangyuan County',
    circuity: 1.35,
    estimates: [
      {
        code: '630123201',
        km: 20,
        bearing: 215,
        note:
          '日月藏族乡 lies in the south-west of the county on G109 (青藏公路), 75 km from Xining by road versus about 50 km ' +
          'for the county town, so about 25 km by road south-west of the county town up the 药水河 valley; placed 20 km ' +
          'geodesic from the county seat at bearing 215°.',
      },
    ],
  },
  {
    folder: '632223-haiyan',
    slug: 'haiyan',
    nameEn: 'Haiyan County',
    circuity: 1.25,
    estimates: [
      {
        code: '632223203',
        km: 54,
        bearing: 300,
        note:
          '甘子河乡 lies in the north-west of the county on G315, about 67 km by road from the county town (source README); ' +
          'placed 54 km geodesic (67 km / circuity 1.25) from the county seat at bearing 300°, towards 刚察 along the ' +
          'north-east shore of Qinghai Lake.',
      },
    ],
  },
  { folder: '632322-jianzha', slug: 'jianzha', nameEn: 'Jianzha County', circuity: 1.45, estimates: [] },
  { folder: '632722-zaduo', slug: 'zaduo', nameEn: 'Zadoi (Zaduo) County', circuity: 1.5, estimates: [] },
  { folder: '632725-nangqian', slug: 'nangqian', nameEn: 'Nangqian County', circuity: 1.5, estimates: [] },
];
