import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { contentDisposition } from '../common/content-disposition';
import { UuidParam } from '../common/ids';
import { DOCUMENT_SHA256_HEADER, PDF_TYPE } from './documents.dto';
import { NoticeDownloadsService } from './notice-downloads.service';

@ApiTags('documents')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('events')
export class DocumentsController {
  constructor(private readonly downloads: NoticeDownloadsService) {}

  @Get(':id/notices/:stepId/document.pdf')
  @ApiOperation({
    summary: "The notice's document (公文 PDF) as issued: rendered once, then always these bytes; the latest round of the step's notice",
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The event id' })
  @ApiProduces(PDF_TYPE)
  @ApiOkResponse({
    description: `The PDF, named 渝妇发〔2027〕12号-关于….pdf; ${DOCUMENT_SHA256_HEADER} is the SHA-256 of its bytes`,
    content: { [PDF_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    headers: { [DOCUMENT_SHA256_HEADER]: { description: 'SHA-256 of the file (hex)', schema: { type: 'string' } } },
  })
  @ApiErrors(400, 403, 404)
  async noticeDocument(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('stepId') stepId: string, @Res({ passthrough: true }) res: Response) {
    const doc = await this.downloads.download(user, id, stepId);
    res.setHeader('content-disposition', contentDisposition(doc.fileName));
    res.setHeader(DOCUMENT_SHA256_HEADER, doc.sha256);
    res.setHeader('etag', `"${doc.sha256}"`);
    return new StreamableFile(doc.bytes, { type: PDF_TYPE, length: doc.bytes.length });
  }
}
