import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ReadModelModule, OrgModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
