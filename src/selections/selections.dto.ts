import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_STATUSES } from '../events/events.dto';
import { PersonDto } from '../events/event-state.dto';
import { Trimmed } from '../common/text';
import { EARLIEST_PUBLICATION_DAY, LATEST_PUBLICATION_DAY, MONTH_PATTERN } from '../../workflows/selection-model';

const instant = { type: 'string', format: 'date-time' } as const;
const month = { example: '2027-03', pattern: MONTH_PATTERN.source } as const;

export class EnableSelectionDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: EARLIEST_PUBLICATION_DAY,
    maximum: LATEST_PUBLICATION_DAY,
    example: 25,
    description: "The day of the month the list is published (the month's event date; its deadlines count back from it). Default 25",
  })
  @IsOptional()
  @IsInt({ message: '须为整数 / must be an integer' })
  @Min(EARLIEST_PUBLICATION_DAY, { message: `不得早于${EARLIEST_PUBLICATION_DAY}日（推荐需要两周） / must be the ${EARLIEST_PUBLICATION_DAY}th or later (nominations take two weeks)` })
  @Max(LATEST_PUBLICATION_DAY, { message: `不得晚于${LATEST_PUBLICATION_DAY}日（每月都有） / must be the ${LATEST_PUBLICATION_DAY}th or earlier (every month has it)` })
  dayOfMonth?: number;
}

export class PauseSelectionDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '春节期间暂停' })
  @Trimmed()
  @IsString()
  @IsNotEmpty({ message: '须填写暂停原因 / a note on why is required' })
  @MaxLength(200)
  note: string;
}

export class SelectionMonthDto {
  @ApiProperty(month)
  @IsString()
  @Matches(MONTH_PATTERN, { message: '须为年月，如 2027-03 / must be a month such as 2027-03' })
  month: string;
}

export class SelectionRunDto {
  @ApiProperty(month) month: string;
  @ApiProperty({ ...instant, description: 'When the month starts: its nominations are called for' }) startsAt: string;
  @ApiProperty({ ...instant, description: 'When its list is published' }) publishesAt: string;
}

export class SkippedMonthDto {
  @ApiProperty(month) month: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Who skipped it' }) by: string | null;
}

export class SelectionMonthRunDto {
  @ApiProperty(month) month: string;
  @ApiProperty({ format: 'uuid', description: "The month's event (GET /api/events/{id})" }) eventId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EVENT_STATUSES }) status: string;
  @ApiProperty(instant) publishesAt: string;
}

export class WomenListScheduleDto {
  @ApiProperty({ example: 'selection-women-list-fulian-flow' }) scheduleId: string;
  @ApiProperty({ description: 'The Schedule exists (POST …/enable made it)' }) enabled: boolean;
  @ApiProperty() paused: boolean;
  @ApiProperty({ type: 'string', nullable: true, description: "The Schedule's note: why it was paused, resumed or enabled" }) note: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) publicationDay: number | null;
  @ApiProperty({ type: PersonDto, nullable: true, description: "Organiser of the months' events" }) organiser: PersonDto | null;
  @ApiProperty({ type: [SelectionRunDto], description: 'The coming runs, skipped months left out' }) nextRuns: SelectionRunDto[];
  @ApiProperty({ type: [SkippedMonthDto] }) skipped: SkippedMonthDto[];
  @ApiProperty({ type: [SelectionMonthRunDto], description: 'The months run so far, latest first' }) months: SelectionMonthRunDto[];
  @ApiProperty({ type: 'integer', description: 'Runs Temporal could not start within the catch-up window (31 days)' }) missedRuns: number;
  @ApiProperty({ type: [String], example: ['2027-02'], description: 'Months since the Schedule was made that were due and never started (skipped ones aside): POST …/run runs one (补跑)' })
  missedMonths: string[];
  @ApiProperty({ description: 'The caller may enable, pause, resume, skip and run a missed month' }) canManage: boolean;
}
