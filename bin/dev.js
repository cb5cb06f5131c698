#!/usr/bin/env node
// Development runner: the same composition root as bin/rural-dispatch.js, but on the TypeScript
// sources through tsx's ESM loader, so no build is needed: `npm run dev -- serve`, `node bin/dev.js
// plan --dataset …`. tsx is a development dependency; the installed command uses the build.
import { register } from 'tsx/esm/api';

register();
const { provideWorkerRuntime } = await import('../src/queue/runtime.ts');
provideWorkerRuntime(() => import('../workers/index.ts'));
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
