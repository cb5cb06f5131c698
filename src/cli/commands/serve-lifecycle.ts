/**
 * When `serve` stops. SIGTERM and SIGINT stop it gracefully; so does losing the parent that
 * started it through npm. `npx rural-dispatch serve` runs node under `sh -c` under npm, and a
 * SIGTERM to the npx process kills npm and the shell but never reaches node, which would keep
 * serving as an orphan of init. A server started by npm (npm sets `npm_command` for `npx`,
 * `npm exec`, `npm start`) therefore watches its parent process and shuts down when it is gone.
 * RD_EXIT_WITH_PARENT=1 turns the watch on for any parent, =0 turns it off.
 */

/** Why `untilStop` resolved: a signal, or `parent-exit` (the process that started serve is gone). */
export type StopReason = NodeJS.Signals | 'parent-exit';

/** How often the parent is checked. */
const PARENT_POLL_MS = 500;

/** True when serve should stop with its parent (see the module comment). */
export function watchesParent(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.RD_EXIT_WITH_PARENT;
  if (flag === '1' || flag === 'true') return true;
  if (flag === '0' || flag === 'false') return false;
  return Boolean(env.npm_command);
}

function parentGone(startPpid: number): boolean {
  if (process.ppid !== startPpid) return true; // re-parented: the parent exited
  try {
    process.kill(startPpid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/** Resolves on SIGTERM or SIGINT, or (when `watchesParent`) when the parent process is gone. */
export function untilStop(watchParent = watchesParent()): Promise<StopReason> {
  return new Promise((resolve) => {
    const startPpid = process.ppid;
    let timer: NodeJS.Timeout | undefined;
    const done = (reason: StopReason): void => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      if (timer) clearInterval(timer);
      resolve(reason);
    };
    process.on('SIGTERM', done);
    process.on('SIGINT', done);
    // A parent id of 1 (or 0) means none to watch: started by init, systemd or a container runtime.
    if (watchParent && startPpid > 1) {
      timer = setInterval(() => {
        if (parentGone(startPpid)) done('parent-exit');
      }, PARENT_POLL_MS);
      timer.unref();
    }
  });
}
