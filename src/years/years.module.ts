// 年度工作总结素材: the year's summary over the read model, as JSON, .xlsx and PDF.
import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { YearsController } from './years.controller';
import { YearSummaryRepository } from './year-summary.repository';
import { YearsService } from './years.service';

@Module({ imports: [CampaignsModule], controllers: [YearsController], providers: [YearsService, YearSummaryRepository] })
export class YearsModule {}
