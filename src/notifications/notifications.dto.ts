import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ROBOT_CHANNELS, type RobotChannelName } from './channels/channel';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListNotificationsQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page 须为正整数 / page must be a positive integer' })
  @Min(1, { message: 'page 须为正整数 / page must be a positive integer' })
  page: number = 1;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize 须为 1 至 100 的整数 / pageSize must be an integer from 1 to 100' })
  @Min(1, { message: 'pageSize 须为 1 至 100 的整数 / pageSize must be an integer from 1 to 100' })
  @Max(100, { message: 'pageSize 须为 1 至 100 的整数 / pageSize must be an integer from 1 to 100' })
  pageSize: number = 20;

  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unread 须为 true 或 false / unread must be true or false' })
  unread?: boolean;
}

export class DeadLettersQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page 须为正整数 / page must be a positive integer' })
  @Min(1, { message: 'page 须为正整数 / page must be a positive integer' })
  page: number = 1;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize 须为 1 至 200 的整数 / pageSize must be an integer from 1 to 200' })
  @Min(1, { message: 'pageSize 须为 1 至 200 的整数 / pageSize must be an integer from 1 to 200' })
  @Max(200, { message: 'pageSize 须为 1 至 200 的整数 / pageSize must be an integer from 1 to 200' })
  pageSize: number = 50;
}

/** A person's email: on or off, and where to. */
export class EmailChannelDto {
  @ApiProperty({ description: 'Send notifications by email' })
  @IsBoolean({ message: 'enabled 须为 true 或 false / enabled must be true or false' })
  enabled: boolean;

  @ApiPropertyOptional({ example: 'liaison-yuzhong@fulian.example', description: 'Defaults to the address on the account' })
  @IsOptional()
  @IsEmail({}, { message: 'address 须为有效的邮箱地址 / address must be an email address' })
  @MaxLength(254, { message: 'address 过长 / address is too long' })
  address?: string;
}

export class MyChannelsDto {
  @ApiProperty({ type: EmailChannelDto })
  @IsDefined({ message: 'email 必填 / email is required' })
  @ValidateNested()
  @Type(() => EmailChannelDto)
  email: EmailChannelDto;
}

/** One group robot or webhook of a unit. */
export class RobotDto {
  @ApiProperty({ enum: ROBOT_CHANNELS, description: 'wecom 企业微信群机器人 · dingtalk 钉钉自定义机器人 · webhook (JSON, HMAC-signed)' })
  @IsIn(ROBOT_CHANNELS, { message: `channel 须为 ${ROBOT_CHANNELS.join('、')} 之一 / channel must be one of ${ROBOT_CHANNELS.join(', ')}` })
  channel: RobotChannelName;

  @ApiProperty({ example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true, require_tld: false },
    { message: 'url 须为 http:// 或 https:// 开头的地址 / url must be an http(s) URL' },
  )
  @MaxLength(2000, { message: 'url 过长 / url is too long' })
  url: string;

  @ApiPropertyOptional({
    description: "DingTalk 加签 secret (SEC…) or the webhook's HMAC key. Omit to keep the one already set for this URL; never returned.",
  })
  @IsOptional()
  @IsString({ message: 'secret 须为字符串 / secret must be a string' })
  @IsNotEmpty({ message: 'secret 不能为空 / secret must not be empty' })
  @MaxLength(500, { message: 'secret 过长 / secret is too long' })
  secret?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'enabled 须为 true 或 false / enabled must be true or false' })
  enabled?: boolean;
}

export class UnitChannelsDto {
  @ApiProperty({ type: [RobotDto], description: "The unit's robots and webhooks; replaces the ones it had" })
  @IsArray({ message: 'robots 须为数组 / robots must be an array' })
  @ArrayMaxSize(20, { message: 'robots 最多 20 个 / robots can hold at most 20 entries' })
  @ValidateNested({ each: true })
  @Type(() => RobotDto)
  robots: RobotDto[];
}
