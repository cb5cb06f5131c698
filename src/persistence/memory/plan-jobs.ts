/** In-memory adapter of the PlanJobRepository port (src/queue/ports.ts). */
import type { PlanJobRepository } from '../../queue/ports.ts';
import { type MemoryStore, unitOfWork } from './store.ts';

/** The PlanJobRepository of `store`. */
export function memoryPlanJobRepository(store: MemoryStore, inTx = false): PlanJobRepository {
  return {
    withTransaction: unitOfWork(store, (t) => memoryPlanJobRepository(store, t), inTx),
    // Transactions of the store already run one at a time.
    async lockJob() {},
    async timetableOf(jobId) {
      return store.tables.planJobs.get(jobId)?.timetableId ?? null;
    },
    async activeTimetable(county) {
      const t = store.tables.timetables.find((x) => x.county === county && x.active);
      return t ? structuredClone(t.timetable) : null;
    },
    async saveTimetable(timetable, activation) {
      const id = store.nextId();
      if (activation) for (const t of store.tables.timetables) if (t.county === timetable.county) t.active = false;
      store.tables.timetables.push({
        id,
        county: timetable.county,
        active: activation !== undefined,
        timetable: structuredClone(timetable),
        ...(activation ? { activatedAt: new Date().toISOString(), activatedBy: activation.by, activationReason: activation.reason } : {}),
      });
      return id;
    },
    async recordJob(jobId, county, timetableId, attempt) {
      if (store.tables.planJobs.has(jobId)) throw new Error(`plan job ${jobId} already recorded`);
      store.tables.planJobs.set(jobId, { county, timetableId, attempt });
    },
    async countForCounty(county) {
      return [...store.tables.planJobs.values()].filter((j) => j.county === county).length;
    },
  };
}
