/**
 * `rural-dispatch backup [--data DIR] --out FILE`: writes a backup of the embedded database (a gzip
 * tarball of its directory) to FILE. Online: when `serve` holds the directory, the backup is made
 * by that server through its local control socket; otherwise this process opens the directory
 * itself. Postgres (DATABASE_URL) is backed up with pg_dump instead (docs/operations.md).
 * This module only declares the command; the work is in ./backup-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { BackupOptions } from './backup-run.ts';

/** Registers `backup`. */
export function register(program: Command): void {
  program
    .command('backup')
    .description('back up the embedded database (also while serve runs) to a .tar.gz file')
    .option('--data <dir>', 'embedded database directory (default: the one serve uses)')
    .requiredOption('--out <file>', 'backup file to write, e.g. rural-dispatch-2026-12-02.tar.gz')
    .action(async (o: BackupOptions) => {
      const { runBackup } = await import('./backup-run.ts');
      await runBackup(o);
    });
}
