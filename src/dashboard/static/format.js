// Number formatting of the dashboard. The browser test formats the API's numbers with the same
// rules and compares them to the page, so keep these small and exact.
import { t } from './i18n.js';

/** Placeholder for "not defined" (no denominator, no timetable, no scans). */
export const NONE = '—';

const ok = (x) => typeof x === 'number' && Number.isFinite(x);

/** Formats `value` by `kind`: rate → "48.3%", count → "12", hours → "5.6 h", money → "¥7.45", km → "10.2 km", number → "1.5". */
export function format(kind, value) {
  if (!ok(value)) return NONE;
  switch (kind) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'count':
      return String(value);
    case 'hours':
      return `${value.toFixed(1)} ${t('hours')}`;
    case 'money':
      return `¥${value.toFixed(2)}`;
    case 'km':
      return `${value.toFixed(1)} km`;
    default:
      return value.toFixed(1);
  }
}

/** Reads a dotted path ("service.all.rate") from `obj`; undefined when any step is missing. */
export function at(obj, path) {
  let v = obj;
  for (const k of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    v = v[k];
  }
  return v;
}
