import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CalendarModule } from '../calendar/calendar.module';
import { OrgModule } from '../org/org.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { TemplatesModule } from '../templates/templates.module';
import { EventsController } from './events.controller';
import { EventIdempotency } from './event-idempotency';
import { EventsService } from './events.service';

@Module({
  imports: [OrgModule, TemplatesModule, ReadModelModule, AttachmentsModule, CalendarModule],
  controllers: [EventsController],
  providers: [EventsService, EventIdempotency],
  exports: [EventsService],
})
export class EventsModule {}
