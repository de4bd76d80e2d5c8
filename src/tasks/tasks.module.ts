import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { OrgModule } from '../org/org.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [EventsModule, OrgModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
