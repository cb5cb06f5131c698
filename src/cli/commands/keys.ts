/**
 * `rural-dispatch keys create --role admin|operator|carrier|official [--county CODE] [--carrier NAME]
 * [--label TEXT] [--data DIR]`: creates an API key and prints it, once, as the last line (only
 * its sha256 is stored). Uses DATABASE_URL when set, else the embedded database in --data.
 * Whoever can run this holds the database, so it may create any key; the first `admin` key is made
 * here (through the API only an admin creates admin and carrier keys).
 * This module only declares the command; the work is in ./keys-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { KeysCreateOptions } from './keys-run.ts';

/** Registers `keys`. */
export function register(program: Command): void {
  const keys = program.command('keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key; the key is printed once, as the last line')
    .requiredOption('--role <role>', 'admin | operator | carrier | official')
    .option('--county <code>', '6-digit county code (operator: required; official: omit for the whole province)')
    .option('--carrier <name>', 'carrier name as used in its parcel feeds (carrier keys)')
    .option('--label <text>', 'free text to recognise the key')
    .option('--data <dir>', 'embedded database directory (ignored when DATABASE_URL is set)')
    .action(async (o: KeysCreateOptions) => {
      const { runKeysCreate } = await import('./keys-run.ts');
      await runKeysCreate(o);
    });
}
