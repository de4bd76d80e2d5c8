import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery, pagedQuery } from '../common/page-query';
import { LocalizedTextDto } from '../events/event-state.dto';
import { ROBOT_CHANNELS, type RobotChannelName } from './channels/channel';
import { NOTIFICATION_KINDS, type NotificationKind } from './kinds';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'boolean', description: 'Only unread notifications' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unread 须为 true 或 false / unread must be true or false' })
  unread?: boolean;
}

/** Dead letters: 50 a page, up to 200. */
export class DeadLettersQuery extends pagedQuery(200, 50) {}

/** A person's email: on or off, and where to. */
export class EmailChannelDto {
  @ApiProperty({ description: 'Send notifications by email' })
  @IsBoolean({ message: 'enabled 须为 true 或 false / enabled must be true or false' })
  enabled: boolean;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    example: 'liaison-yuzhong@fulian.example',
    format: 'email',
    maxLength: 254,
    description: 'Omitted or null: the address on the account',
  })
  @IsOptional()
  @IsEmail({}, { message: 'address 须为有效的邮箱地址 / address must be an email address' })
  @MaxLength(254, { message: 'address 过长 / address is too long' })
  address?: string;
}

export class MyChannelsDto {
  @ApiProperty({ type: EmailChannelDto })
  @IsDefined({ message: 'email 必填 / email is required' })
  // An array passed @ValidateNested and reached the database as enabled = NULL: a 500 (fuzzing).
  @IsObject({ message: 'email 须为对象 / email must be an object' })
  @ValidateNested()
  @Type(() => EmailChannelDto)
  email: EmailChannelDto;
}

/** One group robot or webhook of a unit. */
export class RobotDto {
  @ApiProperty({ enum: ROBOT_CHANNELS, description: 'wecom 企业微信群机器人 · dingtalk 钉钉自定义机器人 · webhook (JSON, HMAC-signed)' })
  @IsIn(ROBOT_CHANNELS, { message: `channel 须为 ${ROBOT_CHANNELS.join('、')} 之一 / channel must be one of ${ROBOT_CHANNELS.join(', ')}` })
  channel: RobotChannelName;

  @ApiProperty({
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    format: 'uri',
    maxLength: 2000,
    description:
      'wecom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… · dingtalk: https://oapi.dingtalk.com/robot/send?access_token=… · ' +
      'webhook: https://, a public host (no loopback, private, link-local or reserved address, no localhost), no user:pass@. ' +
      'A URL breaking a rule is refused with a 400 naming the field and the rule.',
  })
  @IsString({ message: 'url 须为 http:// 或 https:// 开头的地址 / url must be an http(s) URL' })
  // Only the scheme here: the outbound policy (channels/outbound-policy.ts) parses the URL as the
  // sender will and names the rule a URL breaks, which a generic URL check cannot.
  @Matches(/^https?:\/\/\S+$/i, { message: 'url 须为 http:// 或 https:// 开头的地址 / url must be an http(s) URL' })
  @MaxLength(2000, { message: 'url 过长 / url is too long' })
  url: string;

  @ApiPropertyOptional({
    description: "DingTalk 加签 secret (SEC…) or the webhook's HMAC key. Omit to keep the one already set for this URL; never returned.",
    minLength: 1,
    maxLength: 500,
  })
  @IsOptional()
  @IsString({ message: 'secret 须为字符串 / secret must be a string' })
  @IsNotEmpty({ message: 'secret 不能为空 / secret must not be empty' })
  @MaxLength(500, { message: 'secret 过长 / secret is too long' })
  secret?: string;

  @ApiPropertyOptional({ type: 'boolean', nullable: true, default: true, description: 'Omitted or null: on' })
  @IsOptional()
  @IsBoolean({ message: 'enabled 须为 true 或 false / enabled must be true or false' })
  enabled?: boolean;
}

export class UnitChannelsDto {
  @ApiProperty({ type: [RobotDto], maxItems: 20, description: "The unit's robots and webhooks; replaces the ones it had" })
  @IsArray({ message: 'robots 须为数组 / robots must be an array' })
  @ArrayMaxSize(20, { message: 'robots 最多 20 个 / robots can hold at most 20 entries' })
  @ValidateNested({ each: true })
  @Type(() => RobotDto)
  robots: RobotDto[];
}

// What the notification, channel and calendar routes answer.

const instant = { type: 'string', format: 'date-time' } as const;

export class CalendarPayloadDto {
  @ApiProperty({ example: 'event-0b7c…@fulian-flow' }) uid: string;
  @ApiProperty({ type: 'integer' }) sequence: number;
  @ApiProperty({ enum: ['REQUEST', 'CANCEL'] }) method: string;
  @ApiProperty(instant) start: string;
  @ApiProperty(instant) end: string;
  @ApiProperty() summary: string;
  @ApiPropertyOptional({ type: 'string', nullable: true }) location?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) description?: string | null;
}

export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'notice' }) kind: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) eventId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) eventTitle: string | null;
  @ApiProperty({ type: 'string', nullable: true }) stepId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The task or sign-off it is about' }) taskId: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: '/tasks/0b7c…', description: "The web app's page where the recipient acts" })
  link: string | null;
  @ApiProperty({ type: LocalizedTextDto }) subject: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) body: LocalizedTextDto;
  @ApiProperty({ type: CalendarPayloadDto, nullable: true }) calendar: CalendarPayloadDto | null;
  @ApiProperty(instant) createdAt: string;
  @ApiProperty({ ...instant, nullable: true }) readAt: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items: InboxItemDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) unread: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

export class UnreadCountDto {
  @ApiProperty({ type: 'integer' }) count: number;
}

export class MarkedReadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty(instant) readAt: string;
}

export class MarkedAllReadDto {
  @ApiProperty({ type: 'integer' }) marked: number;
}

export class DeadLetterRecipientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
}

export class DeadLetterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty({ enum: ['email', ...ROBOT_CHANNELS] }) channel: string;
  @ApiProperty({ description: 'The address, or the URL with its query values hidden' }) target: string;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ type: 'string', nullable: true }) lastError: string | null;
  @ApiProperty(instant) createdAt: string;
  @ApiProperty(instant) failedAt: string;
  @ApiProperty() kind: string;
  @ApiProperty({ type: LocalizedTextDto }) subject: LocalizedTextDto;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) eventId: string | null;
  @ApiProperty({ type: DeadLetterRecipientDto }) recipient: DeadLetterRecipientDto;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] }) items: DeadLetterDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

export class RetriedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
}

export class EmailChannelViewDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: 'string', nullable: true }) address: string | null;
}

export class MyChannelsViewDto {
  @ApiProperty({ type: EmailChannelViewDto }) email: EmailChannelViewDto;
}

/** One kind's email switch on 通知设置. */
export class KindSettingDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS, description: 'The kind of notification' })
  @IsIn(NOTIFICATION_KINDS, { message: `kind 须为 ${NOTIFICATION_KINDS.join('、')} 之一 / kind must be one of ${NOTIFICATION_KINDS.join(', ')}` })
  kind: NotificationKind;

  @ApiProperty({ description: 'Send this kind by email too (when the email channel is on)' })
  @IsBoolean({ message: 'email 须为 true 或 false / email must be true or false' })
  email: boolean;
}

export class NotificationSettingsDto {
  @ApiProperty({ type: [KindSettingDto], maxItems: 20, description: 'The kinds to change; kinds left out keep their setting' })
  @IsArray({ message: 'kinds 须为数组 / kinds must be an array' })
  @ArrayMaxSize(20, { message: 'kinds 最多 20 项 / kinds can hold at most 20 entries' })
  @ValidateNested({ each: true })
  @Type(() => KindSettingDto)
  kinds: KindSettingDto[];
}

export class KindSettingViewDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ description: 'The kind asks the recipient to act' }) mustAct: boolean;
  @ApiProperty({ description: 'Sent by email too (when the email channel is on); the in-app inbox always has it' }) email: boolean;
}

export class NotificationSettingsViewDto {
  @ApiProperty({ type: EmailChannelViewDto, description: 'The email channel every kind goes through' }) channel: EmailChannelViewDto;
  @ApiProperty({ type: [KindSettingViewDto] }) kinds: KindSettingViewDto[];
}

export class UnitRefDto {
  @ApiProperty({ example: 'district-yuzhong' }) code: string;
  @ApiProperty() nameZh: string;
  @ApiProperty() nameEn: string;
}

export class UnitRobotDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROBOT_CHANNELS }) channel: string;
  @ApiProperty() url: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'Secrets are never returned, only whether one is set' }) hasSecret: boolean;
}

export class UnitChannelsViewDto {
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: [UnitRobotDto] }) robots: UnitRobotDto[];
}

export class CalendarUrlDto {
  @ApiProperty({ format: 'uri', example: 'http://localhost:3000/api/calendar/3q2….ics' }) url: string;
}
