import { Controller, Get, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { contentDisposition } from '../common/content-disposition';
import { UuidParam } from '../common/ids';
import { DOCUMENT_SHA256_HEADER, PDF_TYPE } from '../documents/documents.dto';
import { ArchiveSummaryDto, ArchiveVerificationDto } from './archive.dto';
import { ArchiveService } from './archive.service';

const EventIdParam = () => ApiParam({ name: 'eventId', format: 'uuid', description: 'The event id' });

@ApiTags('archive')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('archive')
export class ArchiveController {
  constructor(private readonly archive: ArchiveService) {}

  @Get(':eventId')
  @ApiOperation({ summary: '归档记录: when the event was archived, and the SHA-256 of its frozen record; 404 before archiving' })
  @EventIdParam()
  @ApiOkResponse({ type: ArchiveSummaryDto })
  @ApiErrors(400, 403, 404)
  summary(@CurrentUser() user: AuthUser, @UuidParam('eventId') eventId: string): Promise<ArchiveSummaryDto> {
    return this.archive.summary(user, eventId);
  }

  @Get(':eventId/verify')
  @ApiOperation({ summary: "校验: recomputes the SHA-256 of the stored record and of each stored document of the event, against the stored ones" })
  @EventIdParam()
  @ApiOkResponse({ type: ArchiveVerificationDto })
  @ApiErrors(400, 403, 404)
  verify(@CurrentUser() user: AuthUser, @UuidParam('eventId') eventId: string): Promise<ArchiveVerificationDto> {
    return this.archive.verify(user, eventId);
  }

  @Get(':eventId/report.pdf')
  @ApiOperation({ summary: 'The archived report (活动总结) as PDF, with the record\'s SHA-256 and the archive date on every page; rendered once, then always these bytes' })
  @EventIdParam()
  @ApiProduces(PDF_TYPE)
  @ApiOkResponse({
    description: `The PDF; ${DOCUMENT_SHA256_HEADER} is the SHA-256 of its bytes`,
    content: { [PDF_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    headers: { [DOCUMENT_SHA256_HEADER]: { description: 'SHA-256 of the file (hex)', schema: { type: 'string' } } },
  })
  @ApiErrors(400, 403, 404)
  async report(@CurrentUser() user: AuthUser, @UuidParam('eventId') eventId: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const doc = await this.archive.reportPdf(user, eventId);
    res.setHeader('content-disposition', contentDisposition(doc.fileName));
    res.setHeader(DOCUMENT_SHA256_HEADER, doc.sha256);
    res.setHeader('etag', `"${doc.sha256}"`);
    return new StreamableFile(doc.bytes, { type: PDF_TYPE, length: doc.bytes.length });
  }
}
