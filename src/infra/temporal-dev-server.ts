// A local Temporal server for `npm start` and the tests: the CLI's dev server with a file-backed
// SQLite database under the data folder (a restart loses nothing) and the Web UI.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { ensureTemporalCli, TEMPORAL_CLI_MODULE, type CliSource } from './tools';
import { stopChild, stopStale, stopWhenOwnerDies, writePidFile } from './processes';
import { isListening, waitUntil } from './net';

export interface TemporalServerHandle {
  address: string;
  uiUrl?: string;
  /** How the server was obtained, for the start-up banner. */
  source: CliSource | 'sdk-download' | 'already-running';
  stop: () => Promise<void>;
}

export interface TemporalDevServerOptions {
  dataDir: string;
  toolsDir: string;
  cliPath?: string;
  port: number;
  uiPort: number;
  namespace: string;
  logger: Logger;
  /** Tests run without the UI and with an in-memory database. */
  headless?: boolean;
  inMemory?: boolean;
  /** SQLite pragmas ("name=value") of the file-backed store; defaults to DEV_SERVER_SQLITE_PRAGMAS. */
  sqlitePragmas?: string[];
}

/**
 * The file-backed store writes through SQLite's write-ahead log: one sync per commit instead of the
 * rollback journal's several, which on a small VM's disk is the dev server's bottleneck (several
 * times the throughput, see docs/BENCHMARKS.md). A killed server loses nothing; a power cut can lose
 * the last commits, which is fine for a dev server.
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

const TYPE_NAMES: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export function searchAttributeFlags(): string[] {
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${TYPE_NAMES[k.type]}`]);
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalServerHandle> {
  const dir = join(opts.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'dev-server.pid');
  const stale = await stopStale(pidFile);
  if (stale) opts.logger.warn({ pid: stale }, 'Stopped a Temporal dev server left running by an earlier start');

  const address = `127.0.0.1:${opts.port}`;
  if (await isListening('127.0.0.1', opts.port)) {
    if (await answersAsTemporal(address, opts.namespace)) {
      opts.logger.warn({ address }, 'A Temporal server already answers on the dev port; using it and leaving it running');
      return { address, source: 'already-running', stop: async () => undefined };
    }
    throw new Error(`Port ${opts.port} is taken by something that is not Temporal; set TEMPORAL_DEV_PORT or TEMPORAL_ADDRESS`);
  }

  const cli = await ensureTemporalCli({ cliPath: opts.cliPath, toolsDir: opts.toolsDir, logger: opts.logger });
  if (!cli) return startWithSdkDownload(opts);

  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--namespace', opts.namespace,
    '--log-format', 'json',
    '--log-level', 'warn',
    ...(opts.inMemory
      ? []
      : ['--db-filename', join(dir, 'temporal.db'), ...(opts.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS).flatMap((p) => ['--sqlite-pragma', p])]),
    ...(opts.headless ? ['--headless'] : ['--ui-port', String(opts.uiPort)]),
    ...searchAttributeFlags(),
  ];
  // Its own process group: Ctrl-C in the terminal reaches us, and we stop the server only after
  // the worker has shut down.
  const child = spawn(cli.path, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) writePidFile(pidFile, child.pid);
  const logs = pipeLogs(child, opts.logger);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`temporal server start-dev exited early (code ${code}); see the log above`))),
  );
  exited.catch(() => undefined);
  const killOnExit = () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.once('exit', killOnExit);
  // Killed outright, we run no exit handler: the watcher stops the server a second later.
  const unwatch = child.pid ? stopWhenOwnerDies(child.pid, 'SIGTERM', { group: true }) : () => undefined;

  await Promise.race([
    waitUntil('the Temporal dev server', () => answersAsTemporal(address, opts.namespace), { timeoutMs: 90_000 }),
    exited,
  ]);
  return {
    address,
    uiUrl: opts.headless ? undefined : `http://localhost:${opts.uiPort}`,
    source: cli.source,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      unwatch();
      logs.silence(); // its internal workers complain while it shuts down; that is expected
      await stopChild(child);
      await stopStale(pidFile);
    },
  };
}

async function answersAsTemporal(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

function pipeLogs(child: ChildProcess, logger: Logger): { silence(): void } {
  const log = logger.child({ component: 'temporal-dev-server' });
  let silent = false;
  const forward = (chunk: Buffer) => {
    if (silent) return;
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string };
        (entry.level === 'error' ? log.error.bind(log) : log.warn.bind(log))(entry, entry.msg ?? 'temporal');
      } catch {
        log.debug(line);
      }
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return { silence: () => (silent = true) };
}

/** Last resort where there is internet: the SDK downloads a dev server itself. */
async function startWithSdkDownload(opts: TemporalDevServerOptions): Promise<TemporalServerHandle> {
  opts.logger.warn('No temporal CLI and no Go on this machine: asking the Temporal SDK to download a dev server');
  try {
    // A development dependency: production deployments point TEMPORAL_ADDRESS at a cluster instead.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TestWorkflowEnvironment } = require('@temporalio/testing') as typeof import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download', downloadDir: opts.toolsDir },
        ip: '127.0.0.1',
        port: opts.port,
        namespace: opts.namespace,
        dbFilename: opts.inMemory ? undefined : join(opts.dataDir, 'temporal', 'temporal.db'),
        ui: !opts.headless,
        uiPort: opts.headless ? undefined : opts.uiPort,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
      },
    });
    return {
      address: `127.0.0.1:${opts.port}`,
      uiUrl: opts.headless ? undefined : `http://localhost:${opts.uiPort}`,
      source: 'sdk-download',
      stop: () => env.teardown(),
    };
  } catch (err) {
    throw new Error(
      'No Temporal server could be started. Do one of:\n' +
        '  a. set TEMPORAL_ADDRESS to a running Temporal server or cluster (host:port);\n' +
        '  b. put the `temporal` CLI on PATH or set TEMPORAL_CLI_PATH to it;\n' +
        `  c. install Go, so that \`go install ${TEMPORAL_CLI_MODULE}\` can build the CLI into ${opts.toolsDir}/bin.\n` +
        `(The SDK's own download failed too: ${(err as Error).message})`,
    );
  }
}
