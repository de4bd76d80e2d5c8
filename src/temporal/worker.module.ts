import { Module, type DynamicModule } from '@nestjs/common';
import { OutboxDispatcherService } from '../notifications/outbox-dispatcher.service';
import { TemporalWorkerService, WORKFLOW_BUNDLE, defaultWorkflowSource, type WorkflowSource } from './worker.service';

@Module({})
export class TemporalWorkerModule {
  static forRoot(workflows: WorkflowSource = defaultWorkflowSource()): DynamicModule {
    return {
      module: TemporalWorkerModule,
      // Every worker process also sends the notification outbox (email, robots, webhooks).
      providers: [{ provide: WORKFLOW_BUNDLE, useValue: workflows }, TemporalWorkerService, OutboxDispatcherService],
      exports: [TemporalWorkerService],
    };
  }
}
