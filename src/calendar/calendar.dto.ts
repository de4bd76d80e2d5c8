// The working-day calendar's requests and answers (工作日历).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { LocalizedTextDto } from '../events/event-state.dto';
import { FIRST_YEAR, LAST_YEAR, MAX_DAYS_A_YEAR } from './calendar-rules';

const KIND_MESSAGE = 'kind 须为 off（休）或 work（班） / kind must be off (holiday) or work (make-up working day)';
const NAME_MESSAGE = 'name 须为文本，如“春节” / name must be a text, e.g. 春节';

export class CalendarYearQuery {
  @ApiPropertyOptional({ example: 2027, minimum: FIRST_YEAR, maximum: LAST_YEAR, description: 'The year; this year (China time) when left out' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year 须为年份，如 2027 / year must be a year such as 2027' })
  year?: number;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-08', description: 'YYYY-MM-DD, China local' }) date: string;
  @ApiProperty({ enum: ['off', 'work'], description: 'off: public holiday (休); work: a weekend day worked instead (班, 调休)' }) kind: 'off' | 'work';
  @ApiProperty({ example: '春节' }) name: string;
  @ApiProperty({ enum: ['chinese-days', 'admin'], description: 'Seeded from the chinese-days package, or entered by an admin' }) source: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt: string;
}

export class CalendarYearDto {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty({ description: 'Whether the year has any day entered; without, its deadlines count weekends only' }) covered: boolean;
  @ApiProperty({ type: LocalizedTextDto, nullable: true, description: 'Said when the year is not covered: 2027年节假日安排尚未录入…' })
  notice: LocalizedTextDto | null;
  @ApiProperty({ example: '24', description: "The calendar's version: the number of the last change" }) version: string;
  @ApiProperty({ type: [CalendarDayDto] }) days: CalendarDayDto[];
}

export class SetCalendarDayDto {
  @ApiProperty({ enum: ['off', 'work'], description: 'off: public holiday (休); work: a Saturday or Sunday worked instead (班, 调休)' })
  @IsIn(['off', 'work'], { message: KIND_MESSAGE })
  kind: 'off' | 'work';

  @ApiProperty({ example: '春节', minLength: 1, maxLength: 40 })
  @IsString({ message: NAME_MESSAGE })
  name: string;
}

export class YearDayDto extends SetCalendarDayDto {
  @ApiProperty({ example: '2027-02-06', description: 'YYYY-MM-DD, in the year entered' })
  @IsString({ message: 'date 须为 YYYY-MM-DD 格式的日期 / date must be a date as YYYY-MM-DD' })
  date: string;
}

export class SetCalendarYearDto {
  @ApiProperty({ type: [YearDayDto], minItems: 1, maxItems: MAX_DAYS_A_YEAR, description: "The year's holidays and 调休 working days; they replace what the year had" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DAYS_A_YEAR)
  @ValidateNested({ each: true })
  @Type(() => YearDayDto)
  days: YearDayDto[];
}

export class MovedDeadlineDto {
  @ApiProperty({ example: '公示期' }) label: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) from: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) to: string;
}

export class EventMovesDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [MovedDeadlineDto] }) moved: MovedDeadlineDto[];
}

export class EventSkippedDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: LocalizedTextDto }) reason: LocalizedTextDto;
}

export class CalendarChangeOutcomeDto {
  @ApiProperty({ example: '25' }) version: string;
  @ApiProperty({ type: LocalizedTextDto, description: '已调整 3 个活动的 5 项期限' }) summary: LocalizedTextDto;
  @ApiProperty({ description: 'Running events (active or postponed) sent the new calendar' }) eventsTold: number;
  @ApiProperty({ type: [EventMovesDto], description: 'The events where deadlines moved, and which' }) moved: EventMovesDto[];
  @ApiProperty({ type: [EventSkippedDto], description: 'Events that did not take the change (workflow gone, a newer version held), and why' })
  skipped: EventSkippedDto[];
}
