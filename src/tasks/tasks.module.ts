import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { OrgModule } from '../org/org.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { TemplatesModule } from '../templates/templates.module';
import { CcRepository } from './cc.repository';
import { MyViewsController, SignOffExtrasController } from './sign-off-extras.controller';
import { SignOffExtrasService } from './sign-off-extras.service';
import { TasksController } from './tasks.controller';
import { TaskDraftsRepository } from './task-drafts.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [ReadModelModule, OrgModule, AttachmentsModule, TemplatesModule],
  controllers: [TasksController, SignOffExtrasController, MyViewsController],
  providers: [TasksService, TaskDraftsRepository, SignOffExtrasService, CcRepository],
})
export class TasksModule {}
