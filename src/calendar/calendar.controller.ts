import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Access } from '../access/access.decorator';
import { ApiErrors } from '../common/api-errors';
import { DomainError } from '../common/domain-error';
import { CalendarChangeOutcomeDto, CalendarYearDto, CalendarYearQuery, SetCalendarDayDto, SetCalendarYearDto } from './calendar.dto';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @Access('working-calendar.read')
  @ApiOperation({ summary: '工作日历: the holidays (休) and 调休 working days (班) of a year, and whether the year is entered at all' })
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiErrors(400, 401)
  year(@CurrentUser() user: AuthUser, @Query() q: CalendarYearQuery) {
    return this.calendar.year(user, q.year);
  }

  @Put('days/:date')
  @Access('working-calendar.edit')
  @ApiParam({ name: 'date', example: '2027-02-08' })
  @ApiOperation({ summary: 'Mark a day a holiday or a make-up working day (admin); running events re-plan their pending working-day deadlines' })
  @ApiOkResponse({ type: CalendarChangeOutcomeDto })
  @ApiErrors(400, 401, 403)
  setDay(@CurrentUser() user: AuthUser, @Param('date') date: string, @Body() dto: SetCalendarDayDto) {
    return this.calendar.setDay(user, date, dto);
  }

  @Delete('days/:date')
  @Access('working-calendar.edit')
  @ApiParam({ name: 'date', example: '2027-02-08' })
  @ApiOperation({ summary: 'Take a day out of the calendar (admin): it counts by its weekday again' })
  @ApiOkResponse({ type: CalendarChangeOutcomeDto })
  @ApiErrors(400, 401, 403, 404)
  deleteDay(@CurrentUser() user: AuthUser, @Param('date') date: string) {
    return this.calendar.deleteDay(user, date);
  }

  @Put('years/:year')
  @Access('working-calendar.edit')
  @ApiParam({ name: 'year', example: 2027 })
  @ApiOperation({ summary: "Enter a whole year's holidays and 调休 working days (admin), as the State Council's notice lists them; replaces the year" })
  @ApiOkResponse({ type: CalendarChangeOutcomeDto })
  @ApiErrors(400, 401, 403)
  setYear(@CurrentUser() user: AuthUser, @Param('year') year: string, @Body() dto: SetCalendarYearDto) {
    if (!/^\d{4}$/.test(year)) throw new DomainError('INVALID', `年份“${year}”无效`, `year "${year}" is not a year`, [{ field: 'year', message: { 'zh-CN': '须为四位年份', en: 'must be a four-digit year' } }]);
    return this.calendar.setYear(user, Number(year), dto.days);
  }
}
