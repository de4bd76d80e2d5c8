// The official notices addressed to the caller's units (签收): what a district liaison, a member
// unit's liaison or a department head has to acknowledge, and what they already have.
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import type { FormSpec } from '../../workflows/template-types';
import { ReadModelRepository, type UnitNoticeRow } from '../read-model/read-model.repository';
import { UNIT_CONTACT_ROLES } from '../org/org.constants';
import { findStep } from '../tasks/task-forms';

/** A receipt as the caller sees it: the read model's row, with the receipt's form (参会回执) from the template version the event runs. */
export type MyNotice = Omit<UnitNoticeRow, 'template'> & { receiptForm: FormSpec | null };

const CONTACT_ROLES = new Set<string>(Object.values(UNIT_CONTACT_ROLES));

@Injectable()
export class NoticesService {
  constructor(
    private readonly readModel: ReadModelRepository,
    private readonly access: AccessService,
  ) {}

  /** Units the user answers for when a notice arrives. */
  unitsOf(user: AuthUser): string[] {
    return [...new Set(user.roles.filter((g) => CONTACT_ROLES.has(g.role)).map((g) => g.unitCode))];
  }

  /** Pending receipts first (soonest deadline first), then those already acknowledged. */
  async mine(user: AuthUser, status?: 'pending' | 'acknowledged'): Promise<MyNotice[]> {
    // Only the caller's own units' receipts: they wrote them, so values are shown as they are.
    await this.access.require(user, 'notices.list');
    const units = this.unitsOf(user);
    if (units.length === 0) return [];
    const rows = await this.readModel.unitNotices(units, status);
    return rows.map(({ template, ...row }) => {
      const step = template ? findStep(template.steps, row.stepId) : undefined;
      return { ...row, receiptForm: step?.type === 'notify' ? (step.receipt?.form ?? null) : null };
    });
  }
}
