// Starts test/support/worker-process.ts as a child process (so a test can SIGKILL it like a crashed
// worker) and resolves once it is up.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/project-root';

/** What `node -e` runs before the entry: TypeScript through SWC with Jest's settings. */
const REGISTER_TS = `
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(process.argv[1]);
`;

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output: () => string;
}

export async function spawnWorkerProcess(overrides: Record<string, string>, timeoutMs = 30_000): Promise<WorkerProcess> {
  const root = projectRoot();
  const child = spawn(process.execPath, ['-e', REGISTER_TS, join(root, 'test', 'support', 'worker-process.ts')], {
    cwd: root,
    env: { ...process.env, FULIAN_WORKER_OVERRIDES: JSON.stringify(overrides) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { child, exited, output: () => output };
}
