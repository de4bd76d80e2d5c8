import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadModelModule } from '../read-model/read-model.module';
import { ATTACHMENT_STORE, PostgresAttachmentStore } from './attachment-store';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AttachmentUploadInterceptor } from './upload.interceptor';

@Module({
  imports: [ReadModelModule],
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    AttachmentsRepository,
    AttachmentUploadInterceptor,
    // An S3-compatible store would be chosen here from the configuration; PostgreSQL is the one there is.
    { provide: ATTACHMENT_STORE, useFactory: (dataSource: DataSource) => new PostgresAttachmentStore(dataSource), inject: [DataSource] },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
