/**
 * `rural-dispatch serve [--port N] [--host H] [--data DIR]`: the API, the dashboard and — without
 * REDIS_URL — the in-process job runner, in one process. The database is Postgres when DATABASE_URL
 * is set (RD_DB_SCHEMA picks a schema), else the embedded PGlite in --data (default under the
 * user's data dir). On first start with an empty database it imports the demo county
 * (630123-huangyuan) and prints a local operator key; `--import SLUG…` imports the named county
 * datasets instead (idempotent; the key is then for the first of them). With RD_DISPATCH_AT=HH:MM every imported
 * county is dispatched daily at that local time (Asia/Shanghai). SIGTERM/SIGINT stop it gracefully.
 * This module only declares the command; the work is in ./serve-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { ServeOptions } from './serve-run.ts';

/** Registers `serve`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('run the API, the dashboard and (without REDIS_URL) the in-process worker')
    .option('--port <n>', 'TCP port', process.env.PORT ?? '8080')
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--data <dir>', 'embedded database directory (ignored when DATABASE_URL is set)')
    .option('--import <slug...>', 'import (or re-import) these county datasets from RD_DATASETS_DIR at start, e.g. 632223-haiyan')
    .option('--no-plan-missing', 'do not plan a timetable at start for counties that have none')
    .action(async (o: ServeOptions) => {
      const { runServe } = await import('./serve-run.ts');
      await runServe(o);
    });
}
