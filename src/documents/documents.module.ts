// Official documents (公文): the notices', decisions', meeting notices' and reports' PDFs, rendered
// once and stored (DocumentStoreModule), and the download of a notice's document.
import { Module } from '@nestjs/common';
import { DocumentStoreModule } from './document-store.module';
import { DocumentsController } from './documents.controller';
import { NoticeDownloadsService } from './notice-downloads.service';

@Module({
  imports: [DocumentStoreModule],
  controllers: [DocumentsController],
  providers: [NoticeDownloadsService],
  exports: [DocumentStoreModule],
})
export class DocumentsModule {}
