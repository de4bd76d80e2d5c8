// Shared by the workflow and system layers (one module path: Jest runs it once per run).
import { rmSync } from 'node:fs';
import type { SharedServers } from './shared';

export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as Record<string, unknown>).__fulianStop as (() => Promise<void>) | undefined;
  await stop?.();
  const shared = JSON.parse(process.env.FULIAN_TEST_SERVERS ?? '{}') as Partial<SharedServers>;
  if (shared.dir) rmSync(shared.dir, { recursive: true, force: true });
}
