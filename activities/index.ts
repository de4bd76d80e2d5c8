// All activities, built once per worker from their dependencies (the worker binds them; tests can
// pass their own collaborators).
import type { DataSource } from 'typeorm';
import { DirectoryService } from '../src/org/directory.service';
import { createCampaignActivities } from './campaign.activities';
import { createCcActivities } from './cc.activities';
import { createEventActivities, type Directory } from './event.activities';
import { createSelectionActivities } from './selection.activities';
import { createSelfCheckActivities } from './self-check.activities';

export interface ActivityDeps {
  dataSource: DataSource;
  workerIdentity: string;
  /** Defaults to the organisation directory in PostgreSQL. */
  directory?: Directory;
}

export function createActivities(deps: ActivityDeps) {
  const directory = deps.directory ?? new DirectoryService(deps.dataSource);
  return {
    ...createSelfCheckActivities(deps),
    ...createEventActivities({ dataSource: deps.dataSource, directory }),
    ...createCcActivities({ dataSource: deps.dataSource }),
    ...createSelectionActivities({ dataSource: deps.dataSource }),
    ...createCampaignActivities({ dataSource: deps.dataSource, directory }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
