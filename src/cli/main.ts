/**
 * The `rural-dispatch` command. Each sub-command lives in `src/cli/commands/<name>.ts` and exports
 * `register(program)`; this file wires them and turns errors into exit codes:
 * 0 ok, 2 invalid input (message names file/row/field/reason) or configuration that does not work
 * (a database that cannot be reached: one line naming its URL, password masked), 1 anything else.
 */
import { Command, CommanderError } from 'commander';
import { AppError, isInputErrorCode } from '../errors.ts';
import { packageVersion } from '../package-root.ts';
import { commands } from './commands/index.ts';

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('rural-dispatch')
    .description('Routing and dispatch for rural three-tier logistics (county -> township -> village)')
    .version(packageVersion(), '-V, --version', 'print the version (from package.json)')
    .exitOverride()
    .showHelpAfterError();
  for (const register of commands) register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      return 2;
    }
    if (err instanceof AppError && (isInputErrorCode(err.code) || err.code === 'unavailable')) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AppError) {
      process.stderr.write(`error (${err.code}): ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
