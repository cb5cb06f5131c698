/** Messages between the plan processor and its worker thread (structured-clone safe). */
import type { Timetable } from '../src/domain/timetable.ts';
import type { Issue } from '../src/errors.ts';

/** What the thread needs. */
export interface PlanThreadInput {
  readonly datasetDir: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly seconds: number;
}

/** What the thread sends back. */
export type PlanThreadMessage =
  | { readonly type: 'progress'; readonly phase: string; readonly fraction: number; readonly message?: string }
  | { readonly type: 'done'; readonly timetable: Timetable }
  | {
      readonly type: 'error';
      readonly name: string;
      readonly message: string;
      readonly code?: string;
      readonly issues?: Issue[];
    };
