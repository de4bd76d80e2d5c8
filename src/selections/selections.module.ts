// The recurring selections on Temporal Schedules: the monthly 时代女性榜.
import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module';
import { SelectionsController } from './selections.controller';
import { SelectionsService } from './selections.service';

@Module({ imports: [TemplatesModule], controllers: [SelectionsController], providers: [SelectionsService] })
export class SelectionsModule {}
