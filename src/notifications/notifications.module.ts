// Notifications (消息): messages to people — the in-app inbox, the outbox's email, robot and webhook
// deliveries, channel preferences, calendar feeds and dead letters. Not the official notices to units
// with their document number and 签收 receipts: those are src/notices (公文通知).
// This module is the API side; sending happens in the workers (OutboxDispatcherService, provided by
// the worker module).
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { ChannelPreferencesService } from './channel-preferences.service';
import { IcalFeedService } from './ical-feed.service';
import { CalendarController, ChannelPreferencesController, NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [OrgModule],
  controllers: [NotificationsController, ChannelPreferencesController, CalendarController],
  providers: [NotificationsService, ChannelPreferencesService, IcalFeedService],
})
export class NotificationsModule {}
