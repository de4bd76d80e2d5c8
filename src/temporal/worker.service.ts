// The Temporal worker inside the Nest application: created at module init, run at bootstrap, and
// shut down — awaiting in-flight activities — when the application closes.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { NativeConnection, Worker, type State, type WorkerOptions } from '@temporalio/worker';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
// The one import of activities/ in src/ (lint allows it here only): the worker registers them.
import { createActivities } from '../../activities';
import { APP_CONFIG, temporalAddressOf, type AppConfig } from '../config/app-config';

/** Lets tests hand the worker a prebuilt workflow bundle instead of bundling at every start. */
export const WORKFLOW_BUNDLE = Symbol('WORKFLOW_BUNDLE');
export type WorkflowSource = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;

/** The bundle `npm run build` writes beside the compiled code; without it, the worker bundles at start. */
export const PREBUILT_BUNDLE = join(__dirname, '..', '..', 'workflow-bundle.js');

export function defaultWorkflowSource(): WorkflowSource {
  return existsSync(PREBUILT_BUNDLE)
    ? { workflowBundle: { codePath: PREBUILT_BUNDLE } }
    : { workflowsPath: require.resolve('../../workflows') };
}

@Injectable()
export class TemporalWorkerService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private failure?: Error;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKFLOW_BUNDLE) private readonly workflows: WorkflowSource,
    private readonly dataSource: DataSource,
    @InjectPinoLogger(TemporalWorkerService.name) private readonly logger: PinoLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const address = temporalAddressOf(this.config);
    this.connection = await NativeConnection.connect({ address });
    const identity = `${process.pid}@${hostname()}`;
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      identity,
      // The SDK's default (60 % of the heap at ~1 MiB a workflow: ~2,300 here) let 10,000 parked
      // events take the worker past 1 GB; see docs/BENCHMARKS.md.
      maxCachedWorkflows: this.config.temporal.maxCachedWorkflows,
      ...this.workflows,
      activities: createActivities({ dataSource: this.dataSource, workerIdentity: identity }),
    });
  }

  onApplicationBootstrap(): void {
    const worker = this.worker!;
    this.running = worker.run().catch((err: Error) => {
      this.failure = err;
      this.logger.error({ err }, 'Temporal worker stopped with an error');
    });
    this.logger.info({ taskQueue: this.config.temporal.taskQueue }, 'Temporal worker polling');
  }

  async onModuleDestroy(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }

  /** RUNNING while polling; FAILED (with the error) if the worker died. */
  state(): { state: State | 'NOT_STARTED'; error?: string } {
    return { state: this.worker?.getState() ?? 'NOT_STARTED', error: this.failure?.message };
  }
}
