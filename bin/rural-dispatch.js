#!/usr/bin/env node
// Entry point of the `rural-dispatch` command. The sources are TypeScript run through tsx's
// ESM loader, so `npx rural-dispatch …` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
