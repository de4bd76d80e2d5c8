// All activities, built once per worker from their dependencies (the worker binds them; tests can
// pass their own collaborators).
import type { DataSource } from 'typeorm';
import { createSelfCheckActivities } from './self-check.activities';

export interface ActivityDeps {
  dataSource: DataSource;
  workerIdentity: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createSelfCheckActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
