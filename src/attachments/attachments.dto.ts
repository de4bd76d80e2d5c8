import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { AttachmentMeta } from './attachments.service';
import { ACCEPTED_EXTENSIONS, FILE_KINDS } from './file-kinds';

/** Where an upload goes, in the URL: asked before the body is read. */
export class UploadQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The task the file is for (an open task assigned to the caller, not a sign-off)' })
  @IsOptional()
  @IsUUID('all', { message: 'taskId 须为 UUID / taskId must be a UUID' })
  taskId?: string;

  @ApiPropertyOptional({ description: "The notice step whose receipt the file is for (without taskId); with taskId, the task's step" })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'stepId 须为环节编号，如 selection-notice / stepId must be a step id, e.g. selection-notice' })
  @MaxLength(100)
  stepId?: string;

  @ApiPropertyOptional({ description: "The unit whose receipt it is; default the caller's unit" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitCode?: string;
}

export class UploadBodyDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: `One file, told by its content: ${Object.values(FILE_KINDS)
      .map((k) => k.label)
      .join(', ')} (${ACCEPTED_EXTENSIONS.join(' ')}); at most ATTACHMENT_MAX_BYTES (20 MB unless configured)`,
  })
  file: unknown;
}

class UploaderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class AttachmentMetaDto implements AttachmentMeta {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The event it was uploaded to; null for a campaign report’s file' }) eventId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The campaign whose unit report it is for; null for an event’s file' }) campaignId: string | null;
  @ApiProperty({ description: 'The step; progress-report for a campaign report’s file' }) stepId: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The task it was uploaded for; null for a receipt' }) taskId: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The unit whose receipt it is for; null for a task' }) unitCode: string | null;
  @ApiProperty({ description: 'The file name, ending in the extension its content calls for', example: '名额分配表.xlsx' }) name: string;
  @ApiProperty({ enum: [...new Set(Object.values(FILE_KINDS).map((k) => k.mimeType))], description: 'Told by the content, not by the name' }) mimeType: string;
  @ApiProperty({ type: 'integer', description: 'Bytes' }) size: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty({ description: 'Images and PDF open in the browser; other kinds download' }) inline: boolean;
  @ApiProperty({ type: UploaderDto }) uploadedBy: UploaderDto;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({ description: 'A submission names it (a completed task, an acknowledged receipt); until then only its uploader sees it' }) bound: boolean;
}
