// The stored documents and the gathering of a notice's document, without any route: the API's
// DocumentsModule and the worker's email channel both import it, so a process that runs both has one
// DocumentsService, and a download and the emails share one render in progress.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentsService } from './documents.service';
import { NoticeDocuments } from './notice-document';

@Module({
  providers: [
    DocumentsService,
    { provide: NoticeDocuments, useFactory: (db: DataSource, documents: DocumentsService) => new NoticeDocuments(db, documents), inject: [DataSource, DocumentsService] },
  ],
  exports: [DocumentsService, NoticeDocuments],
})
export class DocumentStoreModule {}
