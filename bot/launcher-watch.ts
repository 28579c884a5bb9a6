/**
 * `npm start` runs the bot as the direct child of npm (the script `exec`s node, so no shell
 * sits between them). If npm itself is killed with SIGKILL it cannot pass the signal on, and
 * the bot would run on as an orphan holding the PGlite folder lock. So when started by npm,
 * the bot watches its parent and stops cleanly (store closed, lock released) once it has
 * been re-parented. Started any other way (systemd, a container, `node dist/bot/main.js`)
 * nothing is watched: the supervisor owns the process.
 * Trade-off: a 1 s poll of `process.ppid` (no OS API for "parent died" without an addon).
 */
export function watchLauncher(
  onOrphaned: () => void,
  env: NodeJS.ProcessEnv = process.env,
  intervalMs = 1000,
): () => void {
  if (!env.npm_lifecycle_event) return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
