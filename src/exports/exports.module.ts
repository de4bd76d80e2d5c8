// Downloads (.xlsx) of receipts, nominations and the 操作记录, under the access rules of what they export.
import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({ imports: [EventsModule, ReadModelModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
