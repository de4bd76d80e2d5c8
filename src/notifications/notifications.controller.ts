import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Access } from '../access/access.decorator';
import { ApiErrors } from '../common/api-errors';
import { UuidParam } from '../common/ids';
import { ChannelPreferencesService } from './channel-preferences.service';
import { IcalFeedService } from './ical-feed.service';
import {
  CalendarUrlDto,
  DeadLetterPageDto,
  DeadLettersQuery,
  InboxPageDto,
  ListNotificationsQuery,
  MarkedAllReadDto,
  MarkedReadDto,
  MyChannelsDto,
  MyChannelsViewDto,
  NotificationSettingsDto,
  NotificationSettingsViewDto,
  RetriedDto,
  UnitChannelsDto,
  UnitChannelsViewDto,
  UnreadCountDto,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Access('me.notifications')
  @ApiOperation({ summary: "The caller's in-app notifications (站内通知), newest first" })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery) {
    return this.notifications.list(user, query);
  }

  @Get('unread-count')
  @Access('me.notifications')
  @ApiOperation({ summary: 'How many of the caller’s notifications are unread' })
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(@CurrentUser() user: AuthUser) {
    return this.notifications.unreadCount(user);
  }

  @Post('read-all')
  @Access('me.notifications')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all of the caller’s notifications read' })
  @ApiOkResponse({ type: MarkedAllReadDto })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one notification read (its recipient only)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MarkedReadDto })
  @ApiErrors(400, 404)
  read(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.notifications.markRead(user, id);
  }

  @Get('dead-letters')
  @Access('admin.dead-letters')
  @ApiOperation({ summary: 'Deliveries that failed for good (email, robots, webhooks), with their last error' })
  @ApiOkResponse({ type: DeadLetterPageDto })
  @ApiErrors(400, 403)
  deadLetters(@Query() query: DeadLettersQuery) {
    return this.notifications.deadLetters(query);
  }

  @Post('dead-letters/:id/retry')
  @Access('admin.dead-letters')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead letter again, with a fresh set of attempts' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The delivery id' })
  @ApiOkResponse({ type: RetriedDto })
  @ApiErrors(400, 403, 404)
  retry(@UuidParam() id: string) {
    return this.notifications.requeueDeadLetter(id);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class ChannelPreferencesController {
  constructor(private readonly preferences: ChannelPreferencesService) {}

  @Get('me/channels')
  @Access('me.channels')
  @ApiOperation({ summary: 'Where the caller is told besides the in-app inbox: email on or off, and the address' })
  @ApiOkResponse({ type: MyChannelsViewDto })
  mine(@CurrentUser() user: AuthUser) {
    return this.preferences.mine(user);
  }

  @Put('me/channels')
  @Access('me.channels')
  @ApiOperation({ summary: "Switch the caller's email on or off, or change its address" })
  @ApiOkResponse({ type: MyChannelsViewDto })
  @ApiErrors(400)
  setMine(@CurrentUser() user: AuthUser, @Body() dto: MyChannelsDto) {
    return this.preferences.setMine(user, dto.email);
  }

  @Get('me/notification-settings')
  @Access('me.notification-settings')
  @ApiOperation({ summary: '通知设置: which kinds of notification also come by email (the in-app inbox has every kind)' })
  @ApiOkResponse({ type: NotificationSettingsViewDto })
  settings(@CurrentUser() user: AuthUser) {
    return this.preferences.settings(user);
  }

  @Put('me/notification-settings')
  @Access('me.notification-settings')
  @ApiOperation({ summary: "Switch email on or off for kinds of the caller's notifications" })
  @ApiOkResponse({ type: NotificationSettingsViewDto })
  @ApiErrors(400)
  setSettings(@CurrentUser() user: AuthUser, @Body() dto: NotificationSettingsDto) {
    return this.preferences.setSettings(user, dto);
  }

  @Get('units/:code/channels')
  @ApiOperation({ summary: "A unit's group robots (WeCom, DingTalk) and webhooks: administrators and the unit's contact" })
  @ApiOkResponse({ type: UnitChannelsViewDto })
  @ApiErrors(400, 403, 404)
  ofUnit(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    return this.preferences.ofUnit(user, code);
  }

  @Put('units/:code/channels')
  @ApiOperation({ summary: "Replace a unit's robots and webhooks" })
  @ApiOkResponse({ type: UnitChannelsViewDto })
  @ApiErrors(400, 403, 404)
  setUnit(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() dto: UnitChannelsDto) {
    return this.preferences.setUnit(user, code, dto);
  }
}

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: IcalFeedService) {}

  @Get('me/calendar')
  @Access('me.calendar')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's private calendar feed URL (subscribe to it in a calendar app; keep it secret)" })
  @ApiOkResponse({ type: CalendarUrlDto })
  @ApiErrors(401)
  url(@CurrentUser() user: AuthUser) {
    return this.calendar.getOrCreateUrl(user);
  }

  @Post('me/calendar/reset')
  @Access('me.calendar')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A new feed URL; the old one stops working' })
  @ApiOkResponse({ type: CalendarUrlDto })
  @ApiErrors(401)
  reset(@CurrentUser() user: AuthUser) {
    return this.calendar.resetUrl(user);
  }

  @Get('calendar/:token.ics')
  @Access('calendar.feed')
  @Public()
  @ApiOperation({ summary: 'A private calendar feed (iCalendar); the token in the URL is the credential' })
  @ApiOkResponse({ description: 'The iCalendar feed', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiErrors(400, 404)
  async feed(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const ics = await this.calendar.feed(token);
    // Set here, not with @Header: an unknown token is answered 404 in JSON, and must say so.
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, max-age=300');
    return ics;
  }
}
