// The API side of notifications: the in-app inbox, channel preferences, calendar feeds and dead
// letters. Sending happens in the workers (OutboxDispatcherService, provided by the worker module).
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { CalendarFeedService } from './calendar-feed.service';
import { ChannelPreferencesService } from './channel-preferences.service';
import { CalendarController, ChannelPreferencesController, NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [OrgModule],
  controllers: [NotificationsController, ChannelPreferencesController, CalendarController],
  providers: [NotificationsService, ChannelPreferencesService, CalendarFeedService],
})
export class NotificationsModule {}
