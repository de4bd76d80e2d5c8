import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import type { Download } from '../exports/exports.service';
import { XLSX_TYPE } from '../exports/workbook';
import { YearSummaryDto } from './years.dto';
import { YearsService } from './years.service';

const PDF_TYPE = 'application/pdf';
const YearParam = () => ApiParam({ name: 'year', schema: { type: 'string', pattern: '^\\d{4}$', example: '2027' }, description: 'The year (events whose day falls in it, China time)' });
const binary = (type: string, description: string) => ApiOkResponse({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

function send(res: Response, file: Download, type: string): StreamableFile {
  res.setHeader('content-disposition', file.disposition);
  return new StreamableFile(file.body, { type, length: file.body.length });
}

@ApiTags('years')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('years')
export class YearsController {
  constructor(private readonly years: YearsService) {}

  @Get(':year/summary')
  @ApiOperation({ summary: "年度工作总结素材: the year's events with their documents, receipts and report figures, the year's counts, and the targets its campaigns track" })
  @YearParam()
  @ApiOkResponse({ type: YearSummaryDto })
  @ApiErrors(400, 403)
  async summary(@CurrentUser() user: AuthUser, @Param('year') year: string): Promise<YearSummaryDto> {
    return this.years.summary(user, year);
  }

  @Get(':year/summary.xlsx')
  @ApiOperation({ summary: "The year's summary as .xlsx: sheets 活动, 签收, 按区县, 目标任务 (Chinese headers, English under them)" })
  @YearParam()
  @ApiProduces(XLSX_TYPE)
  @binary(XLSX_TYPE, 'An .xlsx workbook of four sheets')
  @ApiErrors(400, 403)
  async workbook(@CurrentUser() user: AuthUser, @Param('year') year: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.years.workbook(user, year), XLSX_TYPE);
  }

  @Get(':year/summary.pdf')
  @ApiOperation({ summary: "The year's summary as a PDF, drawn up afresh at each request (material, not a record)" })
  @YearParam()
  @ApiProduces(PDF_TYPE)
  @binary(PDF_TYPE, 'A PDF (A4)')
  @ApiErrors(400, 403)
  async pdf(@CurrentUser() user: AuthUser, @Param('year') year: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.years.pdf(user, year), PDF_TYPE);
  }
}
