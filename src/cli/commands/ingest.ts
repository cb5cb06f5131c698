/**
 * `rural-dispatch ingest FILE --carrier NAME [--county CODE] [--format json|csv] [--data DIR]`:
 * ingests a carrier parcel feed from a file, exactly as `POST /v1/parcels`
 * does, into Postgres (DATABASE_URL; RD_DB_SCHEMA picks a schema) or the embedded PGlite (--data,
 * default under the user's data dir). A county not yet in the database is imported from
 * data/counties/<code>-*. Prints the JSON report on stdout and a progress bar on a TTY (stderr).
 * Exit 0 when every row was stored; 2 when the feed is unreadable or any row was rejected (the
 * valid rows are stored all the same); 1 otherwise.
 * This module only declares the command; the work is in ./ingest-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { IngestOptions } from './ingest-run.ts';

/** Registers `ingest`. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('ingest a carrier parcel feed (JSON array or CSV) into the database')
    .argument('<file>', 'feed file (.json or .csv)')
    .requiredOption('--carrier <name>', 'carrier sending the feed (fills and checks the carrier column)')
    .option('--county <code>', '6-digit county code (default: the only imported county, else 630123)')
    .option('--format <format>', 'json or csv (default: from the file extension)')
    .option('--data <dir>', 'embedded database directory (ignored when DATABASE_URL is set)')
    .action(async (file: string, o: IngestOptions) => {
      const { runIngest } = await import('./ingest-run.ts');
      await runIngest(file, o);
    });
}
