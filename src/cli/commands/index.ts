/**
 * The registered sub-commands, in help order. Add one import and one entry per command file.
 * `<name>.ts` only declares the command (name, options, help); its implementation and heavy
 * dependencies (express, bullmq, pg, PGlite, turf, highs) are in `<name>-run.ts`, imported inside
 * the action, so `rural-dispatch --help` and `--version` load none of them.
 */
import type { Command } from 'commander';
import { register as network } from './network.ts';
import { register as solve } from './solve.ts';
import { register as bench } from './bench.ts';
import { register as serve } from './serve.ts';
import { register as worker } from './worker.ts';
import { register as keys } from './keys.ts';
import { register as plan } from './plan.ts';
import { register as ingest } from './ingest.ts';
import { register as county } from './county.ts';
import { register as backup } from './backup.ts';
import { register as restore } from './restore.ts';

/** A sub-command registers itself on the root program. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [network, solve, bench, plan, ingest, county, serve, worker, keys, backup, restore];
