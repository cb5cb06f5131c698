import { initCounty } from './src/county/init.ts';
const t0 = Date.now();
const r = await initCounty({ code: process.argv[2]!, out: process.argv[3]!, force: true, ...(process.argv[4] ? { center: process.argv[4].split(',').map(Number) as [number, number] } : {}) });
console.log(r.summary, Date.now() - t0, 'ms');
