// 加签 and 抄送 on a task, and the caller's 抄送我的 and 我发起的 lists. The people named are found in
// the directory here; whether they may take part is the workflow's to decide (its validators).
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { addSignerUpdate, ccUpdate, eventWorkflowId, type CcRecipient, type TaskState } from '../../workflows/event-model';
import { CC_REFUSED, ccSubmitterOf } from '../../workflows/event/validators';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import { allowedBy, type AccessResource } from '../access/access.policy';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { actorOf, callWorkflow } from '../events/event-messages';
import { DirectoryService } from '../org/directory.service';
import { ReadModelRepository, type TaskAccessRow } from '../read-model/read-model.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { CcRepository } from './cc.repository';
import type { AddSignerDto, CcDto } from './sign-off-extras.dto';

/** How often one task may be copied in a day: 抄送 tells people, and is not for spamming them. */
export const MAX_CC_PER_TASK_PER_DAY = 10;

const field = (name: string, zh: string, en: string) => [{ field: name, message: { 'zh-CN': zh, en } }];

@Injectable()
export class SignOffExtrasService {
  constructor(
    private readonly readModel: ReadModelRepository,
    private readonly directory: DirectoryService,
    private readonly cc: CcRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
  ) {}

  /** 加签: the approver adds a signer before or after themselves; the workflow weighs the separation of duties. */
  async addSigner(user: AuthUser, taskId: string, dto: AddSignerDto): Promise<TaskState> {
    const row = await this.taskRow(taskId);
    await this.access.require(user, 'task.add-signer', resourceOf(row));
    const signer = await this.directory.getUser(dto.personId);
    if (!signer) throw new DomainError('INVALID', `加签人员不存在：${dto.personId}`, `personId: no user ${dto.personId}`, field('personId', '无此用户', 'no such user'));
    if (!(await this.directory.isActive(signer.id))) {
      throw new DomainError('INVALID', `加签人员已停用：${signer.displayName}`, `personId: ${signer.displayName}'s account is deactivated`, field('personId', '该用户已停用', 'deactivated user'));
    }
    const roles = await this.directory.rolesOf(signer.id);
    return callWorkflow(() =>
      this.handle(row.event_id).executeUpdate(addSignerUpdate, {
        args: [
          {
            taskId,
            actor: actorOf(user),
            signer: { id: signer.id, displayName: signer.displayName },
            signerIsAdmin: roles.some((g) => g.role === 'admin'),
            position: dto.position,
            comment: dto.comment,
          },
        ],
      }),
    );
  }

  /**
   * 抄送: people, and units through their contacts (a department's head, a district's liaison), by
   * the task's submitter or the event's managers. Those already copied on the step are not told again.
   */
  async copy(user: AuthUser, taskId: string, dto: CcDto): Promise<{ recipients: number; alreadyCopied: number }> {
    const row = await this.taskRow(taskId);
    const resource = ccResourceOf(row);
    await this.access.require(user, 'task.cc', resource, [CC_REFUSED.zh, CC_REFUSED.en]);
    const recipients = await this.ccRecipients(dto);
    recipients.delete(user.id);
    if (!recipients.size) {
      throw new DomainError('INVALID', '须指定抄送的人员或单位（本人除外）', 'Name the people or units to CC (other than yourself)', field('personIds', '必填', 'required'));
    }
    const already = new Set(await this.cc.alreadyCopied(taskId, [...recipients.keys()]));
    const fresh = [...recipients.values()].filter((p) => !already.has(p.id));
    if (!fresh.length) return { recipients: 0, alreadyCopied: already.size };
    if ((await this.cc.copiesToday(taskId)) >= MAX_CC_PER_TASK_PER_DAY) {
      throw new DomainError('CONFLICT', `此待办今日已抄送${MAX_CC_PER_TASK_PER_DAY}次，请明日再抄送`, `This task was already CC'd ${MAX_CC_PER_TASK_PER_DAY} times today; try again tomorrow`);
    }
    // Without the task's facts only the event-manager relation can hold.
    const byManager = allowedBy(user, 'task.cc', { event: resource.event });
    const sent = await callWorkflow(() =>
      this.handle(row.event_id).executeUpdate(ccUpdate, { args: [{ taskId, actor: actorOf(user), recipients: fresh, comment: dto.comment, byManager }] }),
    );
    return { recipients: sent.recipients, alreadyCopied: already.size };
  }

  /** The people named and the units' contacts, each once, found in two queries. */
  private async ccRecipients(dto: CcDto): Promise<Map<string, CcRecipient>> {
    const recipients = new Map<string, CcRecipient>();
    const ids = [...new Set(dto.personIds ?? [])];
    const people = new Map((await this.directory.activeUsers(ids)).map((p) => [p.id, p]));
    for (const id of ids) {
      const p = people.get(id);
      if (!p) throw new DomainError('INVALID', `抄送人员不存在或已停用：${id}`, `personIds: no active user ${id}`, field('personIds', '无此用户或已停用', 'no such active user'));
      recipients.set(p.id, { id: p.id, displayName: p.displayName });
    }
    const codes = [...new Set(dto.unitCodes ?? [])];
    const contacts = codes.length ? await this.directory.contactsOfEach(codes) : new Map<string, never[]>();
    for (const code of codes) {
      const of = contacts.get(code);
      if (!of) throw new DomainError('INVALID', `没有此单位：${code}`, `unitCodes: no unit ${code}`, field('unitCodes', '无此单位', 'no such unit'));
      if (!of.length) {
        throw new DomainError('INVALID', `单位${code}暂无联系人（负责人或联络员），无法抄送`, `unitCodes: ${code} has no contact (head or liaison) to copy`, field('unitCodes', '该单位暂无联系人', 'no contact in this unit'));
      }
      for (const p of of) if (!recipients.has(p.id)) recipients.set(p.id, { id: p.id, displayName: p.displayName, unitCode: code });
    }
    return recipients;
  }

  async copiedToMe(user: AuthUser, page: number, pageSize: number) {
    await this.access.require(user, 'me.cc');
    return { ...(await this.cc.copiedTo(user.id, page, pageSize)), page, pageSize };
  }

  async startedByMe(user: AuthUser, page: number, pageSize: number) {
    await this.access.require(user, 'me.started');
    return { ...(await this.cc.startedBy(user.id, page, pageSize)), page, pageSize };
  }

  async submittedByMe(user: AuthUser, page: number, pageSize: number) {
    await this.access.require(user, 'me.started');
    return { ...(await this.cc.submittedBy(user.id, page, pageSize)), page, pageSize };
  }

  private async taskRow(id: string): Promise<TaskAccessRow> {
    const row = isUuid(id) ? await this.readModel.taskAccess(id) : undefined;
    if (!row) throw new DomainError('NOT_FOUND', `没有此待办：${id}`, `No task ${id}`);
    return row;
  }

  private handle(eventId: string) {
    return this.temporal.workflow.getHandle(eventWorkflowId(eventId));
  }
}

/** For 抄送 the task's only party is whoever submitted the work (ccSubmitterOf); the event's managers may too. */
function ccResourceOf(row: TaskAccessRow): AccessResource {
  const submitterId = ccSubmitterOf({ kind: row.kind, status: row.status, submitter: row.submitter_id ? { id: row.submitter_id } : null, actedBy: row.acted_by });
  return { event: { organiserId: row.organiser_id, leadUnit: row.lead_unit }, task: { assigneeIds: [], submitterId: submitterId ?? null, actedById: null } };
}

function resourceOf(row: TaskAccessRow): AccessResource {
  return {
    event: { organiserId: row.organiser_id, leadUnit: row.lead_unit },
    task: { assigneeIds: row.assignee_ids, submitterId: row.submitter_id, actedById: row.acted_by?.id ?? null },
  };
}
