// The year's summary (年度工作总结素材) for the federation's staff: as data for the page, as a
// workbook, and as a PDF drawn up again whenever its figures changed (material, not a record).
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import { YEAR_RANGE_MESSAGE, isSupportedYear } from '../common/china-time';
import { DomainError } from '../common/domain-error';
import { renderPdf } from '../documents/pdf/render';
import { attachmentHeader, workbookOfSheets } from '../exports/workbook';
import type { Download } from '../exports/exports.service';
import { RenderedYears } from './rendered-years';
import { summarise, type YearSummary } from './year-summary';
import { yearDocument, yearSheets } from './year-sheets';
import { YearSummaryRepository } from './year-summary.repository';

/** The year in the path, or a 400 naming it. */
export function parseYear(raw: string): number {
  const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (isSupportedYear(year)) return year;
  throw new DomainError('INVALID', `${YEAR_RANGE_MESSAGE['zh-CN']}：${raw}`, `year ${YEAR_RANGE_MESSAGE.en}: ${raw}`, [{ field: 'year', message: YEAR_RANGE_MESSAGE }]);
}

@Injectable()
export class YearsService {
  private readonly rendered = new RenderedYears(renderPdf);

  constructor(
    private readonly access: AccessService,
    private readonly repository: YearSummaryRepository,
  ) {}

  async summary(user: AuthUser, rawYear: string): Promise<YearSummary> {
    await this.access.require(user, 'year.summary', {}, ['年度总结仅供市妇联机关工作人员查看', "The year's summary is for the federation's own staff"]);
    const year = parseYear(rawYear);
    return summarise(year, new Date(), await this.repository.rows(year));
  }

  async workbook(user: AuthUser, rawYear: string): Promise<Download> {
    const s = await this.summary(user, rawYear);
    return { body: await workbookOfSheets(yearSheets(s)), disposition: attachmentHeader(`${s.year}年度工作总结素材.xlsx`, `year-summary-${s.year}.xlsx`) };
  }

  async pdf(user: AuthUser, rawYear: string): Promise<Download> {
    const s = await this.summary(user, rawYear);
    return { body: await this.rendered.pdfOf(yearDocument(s)), disposition: attachmentHeader(`${s.year}年度工作总结素材.pdf`, `year-summary-${s.year}.pdf`) };
  }
}
