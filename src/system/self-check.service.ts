// The self-check an operator runs after a deployment: starts the workflow and waits for what its
// activity wrote (run), or reads a past one back (get).
import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { selfCheckWorkflow, type SelfCheckRecord } from '../../workflows/self-check.workflow';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { SelfCheck } from './self-check.entity';

/** A self-check that has not finished by then points at a missing or stuck worker. */
const SELF_CHECK_TIMEOUT = '30 seconds';

@Injectable()
export class SelfCheckService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(SelfCheck) private readonly checks: Repository<SelfCheck>,
  ) {}

  async run(requestedBy?: string): Promise<SelfCheckRecord> {
    const workflowId = `self-check-${randomUUID()}`;
    try {
      return await this.temporal.workflow.execute(selfCheckWorkflow, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [{ requestedBy }],
        workflowExecutionTimeout: SELF_CHECK_TIMEOUT,
      });
    } catch (err) {
      throw new ServiceUnavailableException(
        `Self-check ${workflowId} did not complete: ${(err as Error).message}. Is a worker polling task queue ${this.config.temporal.taskQueue}?`,
      );
    }
  }

  async get(workflowId: string): Promise<SelfCheckRecord> {
    const row = await this.checks.findOneBy({ workflowId });
    if (!row) throw new NotFoundException(`No self-check with id ${workflowId}`);
    return {
      workflowId: row.workflowId,
      requestedBy: row.requestedBy,
      workerIdentity: row.workerIdentity,
      activityAttempt: row.activityAttempt,
      databaseTime: row.databaseTime.toISOString(),
    };
  }
}
