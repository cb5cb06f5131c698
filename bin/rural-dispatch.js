#!/usr/bin/env node
// Entry point of the `rural-dispatch` command and the composition root: the sources are TypeScript
// run through tsx's ESM loader (so `npx rural-dispatch …` works straight after `npm ci`, no build
// step), and the workers layer is injected into the service here, since src/ never imports workers/.
import { register } from 'tsx/esm/api';

register();
const { provideWorkerRuntime } = await import('../src/queue/runtime.ts');
provideWorkerRuntime(() => import('../workers/index.ts'));
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
