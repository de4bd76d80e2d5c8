import { Module, type DynamicModule } from '@nestjs/common';
import { TemporalWorkerService, WORKFLOW_BUNDLE, defaultWorkflowSource, type WorkflowSource } from './worker.service';

@Module({})
export class TemporalWorkerModule {
  static forRoot(workflows: WorkflowSource = defaultWorkflowSource()): DynamicModule {
    return {
      module: TemporalWorkerModule,
      providers: [{ provide: WORKFLOW_BUNDLE, useValue: workflows }, TemporalWorkerService],
      exports: [TemporalWorkerService],
    };
  }
}
