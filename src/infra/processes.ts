// Child processes we start (Temporal dev server, PostgreSQL) run in process groups of their own, so
// a Ctrl-C meant for the app reaches them only through the app, after the worker has drained. A
// watcher stops them if the app is killed outright, and pid files in the data folder let the next
// start find and stop anything still left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a process left behind by an earlier run, if its pid file names a live process. */
export async function stopStale(pidFile: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | undefined> {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return undefined;
  // A detached child leads its own process group; signal the group so its children go too.
  signalGroup(pid, signal);
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  return pid;
}

export function writePidFile(pidFile: string, pid: number): void {
  writeFileSync(pidFile, `${pid}\n`);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Sends SIGTERM, waits for the exit, and kills after the grace period. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

/**
 * Sends `signal` to a detached server (its process group with `group`) once this process is gone,
 * however it went (SIGKILL included): a small shell in a group of its own checks every second.
 * Returns the function that dismisses the watcher, for a server stopped the ordinary way.
 */
export function stopWhenOwnerDies(serverPid: number, signal: NodeJS.Signals, { group }: { group: boolean }): () => void {
  const script =
    'while kill -0 "$0" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; ' +
    'kill -0 "$0" 2>/dev/null || kill -s "$1" -- "$3" 2>/dev/null';
  const target = group ? `-${serverPid}` : String(serverPid);
  const watcher = spawn('/bin/sh', ['-c', script, String(process.pid), signal.replace(/^SIG/, ''), String(serverPid), target], {
    detached: true,
    stdio: 'ignore',
    cwd: '/',
  });
  watcher.on('error', () => undefined); // no /bin/sh: the pid files remain the fallback
  watcher.unref();
  return () => {
    if (watcher.pid && watcher.exitCode === null) {
      try {
        process.kill(watcher.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
}
