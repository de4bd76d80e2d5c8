// Official notices (公文通知): a notify step's notice to units, with its document number 渝妇发〔YYYY〕N号
// and each unit's receipt (签收). Not the messages to people (inbox, email, robots): src/notifications.
import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { EventsModule } from '../events/events.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';

@Module({ imports: [ReadModelModule, EventsModule, DocumentsModule], controllers: [NoticesController], providers: [NoticesService] })
export class NoticesModule {}
