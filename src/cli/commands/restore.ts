/**
 * `rural-dispatch restore [--data DIR] FILE`: restores a backup made by `rural-dispatch backup`
 * into DIR, which must not hold a database yet (a new directory: then start `serve --data DIR`).
 * Postgres (DATABASE_URL) is restored with pg_restore instead (docs/operations.md).
 * This module only declares the command; the work is in ./restore-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { RestoreOptions } from './restore-run.ts';

/** Registers `restore`. */
export function register(program: Command): void {
  program
    .command('restore')
    .description('restore a backup into a new embedded database directory')
    .argument('<file>', 'backup file written by `rural-dispatch backup`')
    .option('--data <dir>', 'embedded database directory to create (must hold no database yet)')
    .action(async (file: string, o: RestoreOptions) => {
      const { runRestore } = await import('./restore-run.ts');
      await runRestore(file, o);
    });
}
