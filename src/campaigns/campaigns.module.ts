// 目标管理: campaigns started from their templates, read from the read model their workflows write.
import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CalendarModule } from '../calendar/calendar.module';
import { EventsModule } from '../events/events.module';
import { OrgModule } from '../org/org.module';
import { TemplatesModule } from '../templates/templates.module';
import { CampaignReadModel } from './campaign-read-model';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [OrgModule, TemplatesModule, AttachmentsModule, CalendarModule, EventsModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignReadModel],
  // The year's summary reads the campaigns' targets from the same read model.
  exports: [CampaignReadModel],
})
export class CampaignsModule {}
