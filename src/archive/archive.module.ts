// 归档记录: the frozen record of each archived event (written by the read model's sync, see
// archive.repository.ts), its verification and the archived report's PDF.
import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { EventsModule } from '../events/events.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { ArchiveController } from './archive.controller';
import { ArchiveRepository } from './archive.repository';
import { ArchiveService } from './archive.service';

@Module({ imports: [EventsModule, ReadModelModule, DocumentsModule], controllers: [ArchiveController], providers: [ArchiveRepository, ArchiveService] })
export class ArchiveModule {}
