// .xlsx downloads of what the API shows: each export asks the same service method as its JSON
// route, so it is under the same access rule and shows the same values, cut and masked as there.
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { EventsService } from '../events/events.service';
import { ReadModelRepository } from '../read-model/read-model.repository';
import { auditSheet, nominationsSheet, receiptFields, receiptsSheet } from './sheets';
import { attachmentHeader, workbookOf, type Sheet } from './workbook';

/** A file to download: its bytes and its Content-Disposition. */
export interface Download {
  body: Buffer;
  disposition: string;
}

@Injectable()
export class ExportsService {
  constructor(
    private readonly events: EventsService,
    private readonly readModel: ReadModelRepository,
  ) {}

  /** 签收情况 of a notice: each unit, its status, who signed when, late or not, and each receipt field. */
  async receipts(user: AuthUser, eventId: string, stepId: string): Promise<Download> {
    const { rollup, fields, title } = await this.receiptData(user, eventId, stepId);
    return this.download(receiptsSheet(rollup.units, fields), `${title}-签收情况.xlsx`, 'receipts.xlsx');
  }

  /** 推荐名单: the nominees the units sent in their receipts, a row each. */
  async nominations(user: AuthUser, eventId: string, stepId: string): Promise<Download> {
    const { rollup, fields, title } = await this.receiptData(user, eventId, stepId);
    const sheet = nominationsSheet(rollup.units, fields);
    if (!sheet) throw new DomainError('NOT_FOUND', `此通知的回执没有推荐名单：${stepId}`, `The receipts of ${stepId} hold no nominations`);
    return this.download(sheet, `${title}-推荐名单.xlsx`, 'nominations.xlsx');
  }

  /** 操作记录: the audit trail with the names the page shows (steps, levels, units, people). */
  async audit(user: AuthUser, eventId: string): Promise<Download> {
    const entries = await this.events.audit(user, eventId);
    const event = await this.events.row(eventId);
    return this.download(auditSheet(entries), `${event.title}-操作记录.xlsx`, 'audit.xlsx');
  }

  private async receiptData(user: AuthUser, eventId: string, stepId: string) {
    // First: it checks access (receipts.read) and that the notice exists.
    const rollup = await this.events.receipts(user, eventId, stepId);
    const [event, template] = await Promise.all([this.events.row(eventId), this.readModel.templateOf(eventId)]);
    return { rollup, fields: receiptFields(template, stepId), title: event.title };
  }

  private async download(sheet: Sheet, fileName: string, asciiName: string): Promise<Download> {
    return { body: await workbookOf(sheet), disposition: attachmentHeader(fileName, asciiName) };
  }
}
