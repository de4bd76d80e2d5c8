// Starts and stops a test cluster with the embedded package's own pg_ctl, for tests that take
// PostgreSQL away under a running application.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { postgresBinaries, serverUser } from '../../src/infra/embedded-postgres';

export function pgCtl(action: 'start' | 'stop', cluster: { dir: string; port: number }): void {
  // As root, PostgreSQL runs as the `postgres` user, with binaries it can reach (a checkout under
  // /root is not: embedded-postgres.ts keeps a copy for it).
  const user = serverUser();
  const args =
    action === 'start'
      ? ['-D', cluster.dir, '-w', '-l', join(cluster.dir, 'server.log'), '-o', `-p ${cluster.port} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']
      : ['-D', cluster.dir, '-w', '-m', 'fast', 'stop'];
  execFileSync(postgresBinaries(user).pgCtl, args, { ...(user ? { uid: user.uid, gid: user.gid } : {}), cwd: '/', stdio: 'ignore' });
}
