import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { TemplatesModule } from '../templates/templates.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [OrgModule, TemplatesModule],
  controllers: [EventsController],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}
