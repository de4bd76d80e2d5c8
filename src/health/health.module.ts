import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { TemporalHealthIndicator } from './temporal.health';

@Module({})
export class HealthModule {
  /** `workerModule`: the in-process worker's module, when this process runs one. */
  static forRoot(workerModule?: DynamicModule | Type): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ...(workerModule ? [workerModule] : [])],
      controllers: [HealthController],
      providers: [TemporalHealthIndicator],
    };
  }
}
