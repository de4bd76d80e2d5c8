// Receives one file of a multipart upload (field `file`) into a temporary file on disk, a piece at a
// time, after the caller's right to upload there has been checked from the URL alone. An upload
// over ATTACHMENT_MAX_BYTES is cut off as the limit is crossed (413) and its partial file removed;
// the temporary file is removed once the request is answered, kept or refused.
import { HttpException, HttpStatus, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finalize, type Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { ParseUuidPipe } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AttachmentsService, type UploadTarget } from './attachments.service';

/** What the handler finds on the request once the file is in. */
export interface UploadRequest extends Request {
  user?: AuthUser;
  file?: Express.Multer.File;
  uploadTarget?: UploadTarget;
}

const UPLOAD_DIR = join(tmpdir(), 'fulian-flow-uploads');

/** "20 MB", "64 KB": the limit as people read it. */
export function sizeInWords(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly receive: ReturnType<ReturnType<typeof multer>['single']>;
  private readonly maxBytes: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly attachments: AttachmentsService,
  ) {
    this.maxBytes = config.attachments.maxBytes;
    this.receive = multer({
      storage: multer.diskStorage({ destination: UPLOAD_DIR }),
      // Names are UTF-8 (Chinese); a file and a few small fields, nothing else.
      defParamCharset: 'utf8',
      limits: { fileSize: this.maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
    }).single('file');
  }

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<UploadRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const ownerId = new ParseUuidPipe().transform(req.params.id, { type: 'param', data: 'id' });
    // A campaign unit's route names the unit in its path; an event's says in the query where the file goes.
    const unitCode = req.params.unitCode as string | undefined;
    req.uploadTarget =
      unitCode !== undefined
        ? await this.attachments.campaignUploadTarget(req.user!, ownerId, unitCode)
        : await this.attachments.uploadTarget(req.user!, ownerId, {
            taskId: queryText(req, 'taskId'),
            stepId: queryText(req, 'stepId'),
            unitCode: queryText(req, 'unitCode'),
          });
    await new Promise<void>((resolve, reject) => this.receive(req, res, (err: unknown) => (err ? reject(this.refusal(err)) : resolve())));
    const file = req.file;
    if (!file) throw new DomainError('INVALID', 'file：请选择要上传的文件', 'file: choose a file to upload', [{ field: 'file', message: { 'zh-CN': '请选择要上传的文件', en: 'choose a file to upload' } }]);
    return next.handle().pipe(finalize(() => void unlink(file.path).catch(() => undefined)));
  }

  private refusal(err: unknown): Error {
    if (err instanceof MulterError && err.code === 'LIMIT_FILE_SIZE') {
      const limit = sizeInWords(this.maxBytes);
      const message = { 'zh-CN': `文件超过大小上限 ${limit}`, en: `The file is larger than the limit of ${limit}` };
      return new HttpException({ code: 'INVALID', message, details: [{ field: 'file', message }] }, HttpStatus.PAYLOAD_TOO_LARGE);
    }
    if (err instanceof MulterError) {
      return new DomainError('INVALID', `file：每次上传一个文件，字段名为 file（${err.code}）`, `file: upload one file, in the field named file (${err.code})`, [
        { field: 'file', message: { 'zh-CN': '每次上传一个文件，字段名为 file', en: 'upload one file, in the field named file' } },
      ]);
    }
    // busboy's words for a body that is not a well-formed multipart form; anything else (a full disk) is ours.
    if (err instanceof Error && /multipart|boundary|form|part/i.test(err.message)) {
      return new DomainError('INVALID', '无法读取上传的内容（应为 multipart/form-data）', 'The upload cannot be read (expected multipart/form-data)');
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** A query parameter given once, as text; twice or as an object is refused. */
function queryText(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new DomainError('INVALID', `${name}：只能给一次`, `${name}: give it once`, [{ field: name, message: { 'zh-CN': '只能给一次', en: 'give it once' } }]);
  return value;
}
