import { Module, type DynamicModule } from '@nestjs/common';
import { DocumentStoreModule } from '../documents/document-store.module';
import { OutboxDispatcherService } from '../notifications/outbox-dispatcher.service';
import { TemporalWorkerService, WORKFLOW_BUNDLE, defaultWorkflowSource, type WorkflowSource } from './worker.service';

@Module({})
export class TemporalWorkerModule {
  static forRoot(workflows: WorkflowSource = defaultWorkflowSource()): DynamicModule {
    return {
      module: TemporalWorkerModule,
      // The notice emails carry their documents (the same DocumentsService as the API's downloads).
      imports: [DocumentStoreModule],
      // Every worker process also sends the notification outbox (email, robots, webhooks).
      providers: [{ provide: WORKFLOW_BUNDLE, useValue: workflows }, TemporalWorkerService, OutboxDispatcherService],
      exports: [TemporalWorkerService],
    };
  }
}
