// Health of the Temporal side: is the server reachable, and is a worker serving our task queue?
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Client } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { TemporalWorkerService } from '../temporal/worker.service';

const TIMEOUT_MS = 2000;
/** A poller seen within this window counts as a live worker in another process. */
const POLLER_WINDOW_MS = 2 * 60_000;

@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly worker?: TemporalWorkerService,
  ) {}

  async server() {
    const check = this.health.check('temporal');
    try {
      const info = await this.client.connection.withDeadline(Date.now() + TIMEOUT_MS, () =>
        this.client.workflowService.getSystemInfo({}),
      );
      return check.up({ address: this.config.temporal.address, serverVersion: info.serverVersion || undefined });
    } catch (err) {
      return check.down({ address: this.config.temporal.address, message: `Temporal unreachable: ${(err as Error).message}` });
    }
  }

  async workerState() {
    const check = this.health.check('worker');
    if (this.worker) {
      const { state, error } = this.worker.state();
      return state === 'RUNNING' ? check.up({ state, inProcess: true }) : check.down({ state, inProcess: true, message: error });
    }
    // The API alone: look for workers polling the task queue from other processes.
    try {
      const res = await this.client.connection.withDeadline(Date.now() + TIMEOUT_MS, () =>
        this.client.workflowService.describeTaskQueue({
          namespace: this.config.temporal.namespace,
          taskQueue: { name: this.config.temporal.taskQueue },
        }),
      );
      const now = Date.now();
      const live = (res.pollers ?? []).filter((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 < POLLER_WINDOW_MS;
      });
      return live.length
        ? check.up({ inProcess: false, pollers: live.length })
        : check.down({ inProcess: false, message: `no worker polls task queue ${this.config.temporal.taskQueue}` });
    } catch (err) {
      return check.down({ inProcess: false, message: `cannot ask Temporal about workers: ${(err as Error).message}` });
    }
  }
}
