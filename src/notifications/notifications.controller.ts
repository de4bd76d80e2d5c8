import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { CalendarFeedService } from './calendar-feed.service';
import { ChannelPreferencesService } from './channel-preferences.service';
import { DeadLettersQuery, ListNotificationsQuery, MyChannelsDto, UnitChannelsDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's in-app notifications (站内通知), newest first" })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery) {
    return this.notifications.list(user, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of the caller’s notifications are unread' })
  unreadCount(@CurrentUser() user: AuthUser) {
    return this.notifications.unreadCount(user);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all of the caller’s notifications read' })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one notification read (its recipient only)' })
  read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notifications.markRead(user, id);
  }

  @Get('dead-letters')
  @Roles('admin')
  @ApiOperation({ summary: 'Deliveries that failed for good (email, robots, webhooks), with their last error' })
  deadLetters(@Query() query: DeadLettersQuery) {
    return this.notifications.deadLetters(query);
  }

  @Post('dead-letters/:id/retry')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead letter again, with a fresh set of attempts' })
  retry(@Param('id') id: string) {
    return this.notifications.retryDeadLetter(id);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class ChannelPreferencesController {
  constructor(private readonly preferences: ChannelPreferencesService) {}

  @Get('me/channels')
  @ApiOperation({ summary: 'Where the caller is told besides the in-app inbox: email on or off, and the address' })
  mine(@CurrentUser() user: AuthUser) {
    return this.preferences.mine(user);
  }

  @Put('me/channels')
  @ApiOperation({ summary: "Switch the caller's email on or off, or change its address" })
  setMine(@CurrentUser() user: AuthUser, @Body() dto: MyChannelsDto) {
    return this.preferences.setMine(user, dto.email);
  }

  @Get('units/:code/channels')
  @ApiOperation({ summary: "A unit's group robots (WeCom, DingTalk) and webhooks: administrators and the unit's contact" })
  ofUnit(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    return this.preferences.ofUnit(user, code);
  }

  @Put('units/:code/channels')
  @ApiOperation({ summary: "Replace a unit's robots and webhooks" })
  setUnit(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() dto: UnitChannelsDto) {
    return this.preferences.setUnit(user, code, dto);
  }
}

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarFeedService) {}

  @Get('me/calendar')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's private calendar feed URL (subscribe to it in a calendar app; keep it secret)" })
  url(@CurrentUser() user: AuthUser) {
    return this.calendar.urlFor(user);
  }

  @Post('me/calendar/reset')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A new feed URL; the old one stops working' })
  reset(@CurrentUser() user: AuthUser) {
    return this.calendar.resetUrl(user);
  }

  @Get('calendar/:token.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'A private calendar feed (iCalendar); the token in the URL is the credential' })
  feed(@Param('token') token: string) {
    return this.calendar.feed(token);
  }
}
