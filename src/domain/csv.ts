/**
 * The one CSV writer of the project's exports (manifests, coverage): csv-stringify with spreadsheet
 * formula escaping of every text cell. A cell a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return, e.g. a carrier name `=HYPERLINK(…)` taken from a
 * feed) is written with a leading apostrophe, which spreadsheets show as text; numbers, and text
 * that is a plain decimal number such as `-1.5`, are written as they are.
 */
import { stringify, type Input, type Options } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** `text` made safe to open in a spreadsheet (see the module comment). */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** CSV text of `records` (csv-stringify `options`), every text cell passed through `spreadsheetSafe`. */
export function stringifyCsv(records: Input, options: Options = {}): string {
  const castString = options.cast?.string;
  return stringify(records, {
    ...options,
    cast: {
      ...options.cast,
      string: (value, context) => {
        const out = castString ? castString(value, context) : value;
        return typeof out === 'string' ? spreadsheetSafe(out) : out;
      },
    },
  });
}
