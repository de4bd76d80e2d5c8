import { Controller, Get, Post, Query, Req, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { contentDisposition } from '../common/content-disposition';
import { UuidParam } from '../common/ids';
import { AttachmentMetaDto, UploadBodyDto, UploadQuery } from './attachments.dto';
import { AttachmentsService } from './attachments.service';
import { FILE_KINDS } from './file-kinds';
import { AttachmentUploadInterceptor, type UploadRequest } from './upload.interceptor';

const MIME_TYPES = [...new Set(Object.values(FILE_KINDS).map((k) => k.mimeType))];

@ApiTags('attachments')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('events/:id/attachments')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiOperation({
    summary: 'Upload a file (附件) to a task assigned to the caller, or to their unit\'s receipt of a notice',
    description:
      'Multipart, one file in the field `file`; where it goes is in the query (taskId, or stepId of a notice with unitCode), checked before the body is read. ' +
      'The kind is told by the content (a renamed .exe is refused); the answer carries its SHA-256. Name it in the form\'s `file` field to submit it.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The event id' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBodyDto })
  @ApiCreatedResponse({ type: AttachmentMetaDto })
  @ApiErrors(400, 403, 404, 409, 413)
  upload(@CurrentUser() user: AuthUser, @UuidParam() _id: string, @Query() _query: UploadQuery, @Req() req: UploadRequest) {
    return this.attachments.keep(user, req.uploadTarget!, req.file!);
  }

  @Post('campaigns/:id/units/:unitCode/attachments')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiOperation({
    summary: "Upload a photo or document (活动照片) for one's unit's campaign progress reports",
    description: 'Multipart, one file in the field `file`; for the liaison of the unit while it reports, checked before the body is read. Name it in the report’s `attachments` to submit it.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The campaign id' })
  @ApiParam({ name: 'unitCode', example: 'district-yuzhong', description: 'The unit whose reports it is for' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBodyDto })
  @ApiCreatedResponse({ type: AttachmentMetaDto })
  @ApiErrors(400, 403, 404, 409, 413)
  uploadToCampaign(@CurrentUser() user: AuthUser, @UuidParam() _id: string, @Req() req: UploadRequest) {
    return this.attachments.keep(user, req.uploadTarget!, req.file!);
  }

  @Get('attachments/:id/meta')
  @ApiOperation({ summary: "A file's description: name, type, size, SHA-256, who uploaded it and when" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The attachment id' })
  @ApiOkResponse({ type: AttachmentMetaDto })
  @ApiErrors(400, 404)
  meta(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.attachments.meta(user, id);
  }

  @Get('attachments/:id')
  @ApiOperation({
    summary: 'The file itself: images and PDF shown in the browser (inline), Word and Excel downloaded',
    description: "For those who may see the step's details (or the unit's receipt), and the file's uploader; anyone else gets 404.",
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The attachment id' })
  @ApiProduces(...MIME_TYPES)
  @ApiOkResponse({ description: 'The content, with its type, a Content-Disposition naming the file, and ETag its SHA-256', content: Object.fromEntries(MIME_TYPES.map((m) => [m, { schema: { type: 'string', format: 'binary' } }])) })
  @ApiErrors(400, 404)
  async download(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { meta, content } = await this.attachments.open(user, id);
    // The type is the one the content showed at upload; the browser must not guess another.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Opened at this address, a PDF or an image is a document of the API's origin: sandboxed, it
    // runs nothing and loads nothing. The web app is not hindered: it fetches the bytes with the
    // token and shows a blob URL, whose page takes its policy from the app, not from this answer.
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    // A file of a step is for its people: no copy in a shared cache, nor on the reader's disk.
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('ETag', `"${meta.sha256}"`);
    return new StreamableFile(content, { type: meta.mimeType, length: meta.size, disposition: contentDisposition(meta.name, { inline: meta.inline }) });
  }
}
