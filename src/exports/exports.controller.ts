import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { UuidParam } from '../common/ids';
import { XLSX_TYPE } from './workbook';
import { ExportsService, type Download } from './exports.service';

const EventIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The event id' });
const XlsxResponse = () => ApiOkResponse({ description: 'An .xlsx workbook: Chinese headers, English under them', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } });

function send(res: Response, file: Download): StreamableFile {
  res.setHeader('content-disposition', file.disposition);
  return new StreamableFile(file.body, { type: XLSX_TYPE, length: file.body.length });
}

@ApiTags('exports')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('events')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':id/notices/:stepId/receipts.xlsx')
  @ApiOperation({ summary: '签收情况 as .xlsx: each unit, status, who and when, late, each receipt field a column (values as the roll-up shows them)' })
  @EventIdParam()
  @ApiProduces(XLSX_TYPE)
  @XlsxResponse()
  @ApiErrors(400, 403, 404, 503)
  async receipts(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('stepId') stepId: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.exports.receipts(user, id, stepId));
  }

  @Get(':id/notices/:stepId/nominations.xlsx')
  @ApiOperation({ summary: '推荐名单 as .xlsx: one row per nominee the units sent in their receipts (unit → nominee)' })
  @EventIdParam()
  @ApiProduces(XLSX_TYPE)
  @XlsxResponse()
  @ApiErrors(400, 403, 404, 503)
  async nominations(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('stepId') stepId: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.exports.nominations(user, id, stepId));
  }

  @Get(':id/audit.xlsx')
  @ApiOperation({ summary: '操作记录 as .xlsx (content cut as GET /events/{id}/audit cuts it)' })
  @EventIdParam()
  @ApiProduces(XLSX_TYPE)
  @XlsxResponse()
  @ApiErrors(400, 403, 404)
  async audit(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.exports.audit(user, id));
  }
}
