#!/usr/bin/env node
// Entry point of the `rural-dispatch` command and the composition root. It runs the compiled
// JavaScript in dist/ (`npm run build`; `npm ci` builds through the `prepare` script) with no
// TypeScript loader; bin/dev.js runs the same from the TypeScript sources for development. The
// workers layer is injected into the service here, since src/ never imports workers/.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/src/cli/main.js', import.meta.url))) {
  process.stderr.write('rural-dispatch: no build in dist/: run `npm run build` (or `npm run dev -- <command>` to run the sources)\n');
  process.exit(1);
}
const { provideWorkerRuntime } = await import('../dist/src/queue/runtime.js');
provideWorkerRuntime(() => import('../dist/workers/index.js'));
const { main } = await import('../dist/src/cli/main.js');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
