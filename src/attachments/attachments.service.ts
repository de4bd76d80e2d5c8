// Files on tasks and receipts (附件): who may upload where, what is kept, who may read it, and the
// binding of an upload to the submission that names it (a completed task, an acknowledged receipt).
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { attachmentsIn, type AttachmentRef, type FormValues } from '../../workflows/forms';
import type { Step } from '../../workflows/template-types';
import type { AccessResource } from '../access/access.policy';
import { AccessService } from '../access/access.service';
import { peopleOfRows } from '../access/event-view';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, type DomainErrorCode, type FieldProblem } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { ReadModelRepository } from '../read-model/read-model.repository';
import type { EventRow } from '../read-model/rows';
import { findStep } from '../tasks/task-forms';
import { ATTACHMENT_STORE, type AttachmentStore } from './attachment-store';
import { AttachmentsRepository, type AttachmentRow, type EarlierBinding, type TaskOfEvent } from './attachments.repository';
import { ACCEPTED_KINDS, FILE_KINDS, keptFileName, kindOfFile } from './file-kinds';

/** Where an upload goes: a task one is assigned (its step), one's unit's receipt of a notice, or one's unit's campaign reports. */
export interface UploadTarget {
  eventId: string | null;
  /** A campaign unit's reports, for which eventId is null. */
  campaignId?: string;
  stepId: string;
  taskId: string | null;
  unitCode: string | null;
}

/** What a submission binds its files to: a task being completed, or a unit's receipt being acknowledged. */
export type BindTarget = { eventId: string; taskId: string } | { eventId: string; stepId: string; unitCode: string };

/** A unit's progress report of a campaign for a period (进度报告): its photos are bound to it. */
export interface CampaignReportTarget {
  campaignId: string;
  unitCode: string;
  periodIndex: number;
}

/** The step a campaign report's files are kept under (the table keys files by step). */
export const CAMPAIGN_REPORT_STEP = 'progress-report';

/** The file as multer left it on disk. */
export interface ReceivedFile {
  path: string;
  originalname: string;
  size: number;
}

export interface AttachmentMeta {
  id: string;
  /** The owner: an event, or a campaign (a unit's progress reports); the other is null. */
  eventId: string | null;
  campaignId: string | null;
  stepId: string;
  taskId: string | null;
  unitCode: string | null;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
  /** Shown in the browser (images, PDF) rather than downloaded. */
  inline: boolean;
  uploadedBy: { id: string; displayName: string };
  uploadedAt: string;
  /** A submission names it (a completed task, an acknowledged receipt). */
  bound: boolean;
}

const eventOver = () => new DomainError('CONFLICT', '活动已结束，不能再上传附件', 'The event is over: no more files can be uploaded');
const isOver = (status: string | undefined) => status === 'cancelled' || status === 'archived';
const noPendingReceipt = () => new DomainError('CONFLICT', '此单位没有待签收的此通知', 'This unit has no pending receipt of this notice');

/**
 * The refusals of a workflow's validator: the submission was not taken. Any other failure
 * (UNAVAILABLE above all) leaves open whether it reached the workflow.
 */
const REFUSALS: readonly DomainErrorCode[] = ['INVALID', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND'];

/** Does the failure of a submission say for certain that it was not taken, so its files go back? */
export function submissionRefused(err: unknown): boolean {
  return err instanceof DomainError && REFUSALS.includes(err.code);
}

const notFound = (id: string) => new DomainError('NOT_FOUND', `没有此附件：${id}`, `No attachment ${id}`);

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('INVALID', `${field}：${zh}`, `${field}: ${en}`, [{ field, message: { 'zh-CN': zh, en } }]);
}

function* allSteps(steps: Step[]): Generator<Step> {
  for (const s of steps) {
    yield s;
    if (s.type === 'parallel') for (const b of s.branches) yield* allSteps(b.steps);
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const taskTarget = (taskId: string) => `task:${taskId}`;
const targetKey = (t: BindTarget) => ('taskId' in t ? taskTarget(t.taskId) : `receipt:${t.stepId}/${t.unitCode}`);
const campaignReportKey = (t: CampaignReportTarget) => `campaign-report:${t.campaignId}/${t.unitCode}/${t.periodIndex}`;
const campaignClosed = () => new DomainError('CONFLICT', '此单位在本活动中已不再报送，不能上传附件', 'The unit no longer reports in this campaign: no files can be uploaded');

/** The files a submission names, per field. */
type NamedFiles = { field: string; refs: AttachmentRef[] }[];

@Injectable()
export class AttachmentsService {
  private readonly log = new Logger('Attachments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly attachments: AttachmentsRepository,
    private readonly readModel: ReadModelRepository,
    private readonly access: AccessService,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  /**
   * Where the caller may upload, from the URL alone, so a refusal comes before a byte of the body
   * is stored: an open task (not a sign-off) assigned to them, or the pending receipt of their unit.
   */
  async uploadTarget(user: AuthUser, eventId: string, q: { stepId?: string; taskId?: string; unitCode?: string }): Promise<UploadTarget> {
    if (isOver((await this.eventRow(eventId)).status)) throw eventOver();
    if (q.taskId !== undefined) {
      if (!isUuid(q.taskId)) throw invalid('taskId', '须为 UUID', 'must be a UUID');
      const task = await this.attachments.task(eventId, q.taskId);
      if (!task) throw new DomainError('NOT_FOUND', `此活动没有此待办：${q.taskId}`, `The event has no task ${q.taskId}`);
      if (q.stepId !== undefined && q.stepId !== task.step_id) throw invalid('stepId', '与待办的环节不符', "is not the task's step");
      await this.requireOpenTask(user, task);
      if (task.kind === 'sign-off') throw invalid('taskId', '审批意见不带附件，请在所审批的事项中上传', 'a sign-off takes no files; attach them to the work being signed off');
      return { eventId, stepId: task.step_id, taskId: q.taskId, unitCode: null };
    }
    if (q.stepId === undefined) throw invalid('taskId', '须指明待办（taskId）或通知环节（stepId）', 'name the task (taskId) or the notice step (stepId)');
    const step = findStep((await this.readModel.templateOf(eventId))?.steps ?? [], q.stepId);
    if (step?.type !== 'notify' || !step.receipt) throw invalid('stepId', '不是需要回执的通知环节', 'is not a notice with a receipt');
    const unitCode = q.unitCode ?? user.unitCode;
    await this.access.require(user, 'attachment.upload', { unitCode }, ['只能为本单位的回执上传附件', "You can upload files only to your own unit's receipt"]);
    if (!(await this.attachments.receiptPending(eventId, q.stepId, unitCode))) throw noPendingReceipt();
    return { eventId, stepId: q.stepId, taskId: null, unitCode };
  }

  /** Where a unit's campaign report files go: its liaison uploads them while the unit reports. */
  async campaignUploadTarget(user: AuthUser, campaignId: string, unitCode: string): Promise<UploadTarget> {
    if (!(await this.attachments.campaign(campaignId))) throw new DomainError('NOT_FOUND', `没有此目标管理活动：${campaignId}`, `No campaign ${campaignId}`);
    await this.access.require(user, 'attachment.upload', { unitCode }, ['只能为本单位的进度报告上传附件', "You can upload files only to your own unit's progress reports"]);
    if (!(await this.attachments.campaignUnitReporting(campaignId, unitCode))) throw campaignClosed();
    return { eventId: null, campaignId, stepId: CAMPAIGN_REPORT_STEP, taskId: null, unitCode };
  }

  /** An open task assigned to the caller. */
  private async requireOpenTask(user: AuthUser, task: TaskOfEvent): Promise<void> {
    await this.access.require(user, 'attachment.upload', { task: { assigneeIds: task.assignee_ids } }, [
      '只能为分派给您的待办上传附件',
      'You can upload files only to a task assigned to you',
    ]);
    if (task.status !== 'open') throw new DomainError('CONFLICT', '此待办已办结，不能再上传附件', 'The task is closed: no more files can be uploaded to it');
  }

  /**
   * The target checked again inside the upload's transaction, its task or receipt held until the
   * file is in: the body took time to arrive, and meanwhile the task may have been completed or
   * handed to someone else, the receipt acknowledged, the event cancelled.
   */
  private async requireStillOpen(tx: EntityManager, user: AuthUser, target: UploadTarget): Promise<void> {
    if (target.campaignId !== undefined) {
      if (!(await this.attachments.campaignUnitReporting(target.campaignId, target.unitCode!, tx))) throw campaignClosed();
      return;
    }
    const eventId = target.eventId!;
    if (isOver(await this.attachments.eventStatus(tx, eventId))) throw eventOver();
    if (target.taskId !== null) {
      const task = await this.attachments.task(eventId, target.taskId, tx);
      if (!task) throw new DomainError('NOT_FOUND', `此活动没有此待办：${target.taskId}`, `The event has no task ${target.taskId}`);
      await this.requireOpenTask(user, task);
    } else if (!(await this.attachments.receiptPending(eventId, target.stepId, target.unitCode!, tx))) {
      throw noPendingReceipt();
    }
  }

  /**
   * Keeps an uploaded file: its kind told by its content, its SHA-256, its row and its content in one
   * transaction, so an upload that fails leaves nothing behind.
   */
  async keep(user: AuthUser, target: UploadTarget, file: ReceivedFile): Promise<AttachmentMeta> {
    const kind = await kindOfFile(file.path);
    if (!kind) {
      throw invalid('file', `文件内容不是可接受的类型（可上传 ${ACCEPTED_KINDS}）`, `the file's content is not an accepted kind (accepted: ${ACCEPTED_KINDS.replace(/、/g, ', ')})`);
    }
    const id = randomUUID();
    const row = {
      id,
      event_id: target.eventId,
      campaign_id: target.campaignId ?? null,
      step_id: target.stepId,
      task_id: target.taskId,
      unit_code: target.unitCode,
      uploaded_by: user.id,
      file_name: keptFileName(file.originalname, kind),
      mime_type: FILE_KINDS[kind].mimeType,
      size_bytes: file.size,
      sha256: await sha256Of(file.path),
      store: this.store.name,
    };
    try {
      await this.dataSource.transaction(async (tx) => {
        await this.requireStillOpen(tx, user, target);
        await this.attachments.insert(tx, row);
        await this.store.write(tx, id, file.path);
      });
    } catch (err) {
      await this.store.discard(id);
      throw err;
    }
    // Who uploaded what is in the row; the log says only that something was kept.
    this.log.log({ attachmentId: id, eventId: target.eventId, campaignId: target.campaignId, stepId: target.stepId, size: file.size, mimeType: row.mime_type }, 'attachment kept');
    return this.metaOf({ ...row, size_bytes: String(row.size_bytes), uploader_name: user.displayName, bound_to: null, bound_field: null, bound_at: null, created_at: new Date() });
  }

  async meta(user: AuthUser, id: string): Promise<AttachmentMeta> {
    return this.metaOf(await this.readable(user, id));
  }

  /** The file's description and its content, for whoever may read it. */
  async open(user: AuthUser, id: string): Promise<{ meta: AttachmentMeta; content: Readable }> {
    const row = await this.readable(user, id);
    return { meta: this.metaOf(row), content: this.store.read(row.id) };
  }

  /**
   * Runs `submit` with the submitted values, their files checked and bound to `target` first: each
   * named file must be an upload of this event, for this task or receipt, by this person — or, for
   * a task, one an earlier round of the same step carried (a resubmission after 退回). Names, types
   * and sizes are taken from what was stored. A submission the workflow refuses gives the files
   * back; one that may have been taken (the workflow service did not answer) keeps them bound, or
   * the approvers of a submission taken after all would find its files gone.
   */
  async bindingTo<T>(user: AuthUser, target: BindTarget, values: FormValues, submit: (values: FormValues) => Promise<T>): Promise<T> {
    const named = attachmentsIn(values);
    if (!named.length) return submit(values);
    const key = targetKey(target);
    const stepOfTask = 'taskId' in target ? (await this.attachments.task(target.eventId, target.taskId))?.step_id : undefined;
    return this.bound(key, named, 'values.', (row) => bindRefusal(user, target, key, stepOfTask, row), (kept) => submit({ ...values, ...Object.fromEntries(kept) }));
  }

  /**
   * Runs `submit` with the files of a unit's campaign report checked and bound to its period first:
   * each an upload for this campaign and unit, by this person, or one an earlier revision of the same
   * period carried. As bindingTo: a refused report gives them back.
   */
  async bindingToCampaignReport<T>(user: AuthUser, target: CampaignReportTarget, ids: string[], submit: (refs: AttachmentRef[]) => Promise<T>): Promise<T> {
    if (!ids.length) return submit([]);
    const key = campaignReportKey(target);
    const named: NamedFiles = [{ field: 'attachments', refs: ids.map((id) => ({ id, name: id })) }];
    return this.bound(key, named, '', (row) => campaignBindRefusal(user, target, key, row), (kept) => submit(kept.get('attachments') ?? []));
  }

  /**
   * Binds the `named` files to `key` (each refused as `refusalOf` says, all problems at once, `path`
   * before each field's name), then runs `submit` with what was stored of them, per field.
   */
  private async bound<T>(
    key: string,
    named: NamedFiles,
    path: string,
    refusalOf: (row: AttachmentRow) => readonly [string, string] | undefined,
    submit: (kept: Map<string, AttachmentRef[]>) => Promise<T>,
  ): Promise<T> {
    const earlier: EarlierBinding[] = [];
    const checked = new Map<string, AttachmentRef[]>();
    await this.dataSource.transaction(async (tx) => {
      const rows = new Map((await this.attachments.lock(tx, named.flatMap((n) => n.refs.map((r) => r.id)))).map((r) => [r.id, r]));
      const problems: FieldProblem[] = [];
      for (const { field, refs } of named) {
        const kept: AttachmentRef[] = [];
        for (const ref of refs) {
          const row = rows.get(ref.id);
          const refusal = row ? refusalOf(row) : (['没有此附件', 'no such file'] as const);
          if (refusal) {
            problems.push({ field: `${path}${field}`, message: { 'zh-CN': `${ref.name}：${refusal[0]}`, en: `${ref.name}: ${refusal[1]}` } });
            continue;
          }
          kept.push({ id: row!.id, name: row!.file_name, mimeType: row!.mime_type, size: Number(row!.size_bytes) });
          // Already bound here (a retry of a submission that may have been taken): nothing to give back.
          if (row!.bound_to === key) continue;
          earlier.push({ id: row!.id, bound_to: row!.bound_to, bound_field: row!.bound_field, bound_at: row!.bound_at });
          await this.attachments.bind(tx, row!.id, key, field);
        }
        checked.set(field, kept);
      }
      if (problems.length) {
        throw new DomainError('INVALID', problems.map((p) => p.message['zh-CN']).join('；'), problems.map((p) => p.message.en).join('; '), problems);
      }
    });
    try {
      return await submit(checked);
    } catch (err) {
      if (!submissionRefused(err)) throw err;
      await this.attachments.restore(key, earlier).catch((restoreErr: unknown) => this.log.warn({ err: restoreErr, target: key }, 'attachments not given back after a refused submission'));
      throw err;
    }
  }

  /** The attachment, if the caller may read it; hidden (404) otherwise. */
  private async readable(user: AuthUser, id: string): Promise<AttachmentRow> {
    if (!isUuid(id)) throw notFound(id);
    const row = await this.attachments.find(id);
    if (!row) throw notFound(id);
    const resource: AccessResource = { writerIds: [row.uploaded_by] };
    // Until a submission names it, a file is its uploader's draft. A campaign report's files are
    // read by exactly those who read the unit's page, by the same rule.
    if (row.bound_to && row.campaign_id) {
      const campaign = await this.attachments.campaign(row.campaign_id);
      const unitPage = campaign && { event: { organiserId: campaign.organiser_id, leadUnit: campaign.lead_unit }, unitCode: row.unit_code ?? undefined };
      if (!unitPage || !this.access.permits(user, 'campaign.read-unit', unitPage)) throw notFound(id);
      return row;
    }
    if (row.bound_to) {
      const event = await this.eventRow(row.event_id!);
      resource.event = { organiserId: event.organiser_id, leadUnit: event.lead_unit };
      if (row.unit_code) resource.unitCode = row.unit_code;
      else Object.assign(resource, await this.readersOfStep(user, event, row));
    }
    if (!this.access.permits(user, 'attachment.read', resource)) throw notFound(id);
    return row;
  }

  /**
   * Who reads a task's files as taking part in its step: its people and its approvers, and the
   * recipients of a notice whose text names the field ("见附件：名额分配表.xlsx") — the caller among
   * them when told of such a notice; and the caller as copied (抄送) on the step.
   */
  private async readersOfStep(user: AuthUser, event: EventRow, row: AttachmentRow): Promise<Pick<AccessResource, 'stepParticipantIds' | 'ccRecipientIds'>> {
    const facts = { id: event.id, organiserId: event.organiser_id, leadUnit: event.lead_unit, templateCode: event.template_code, templateVersion: event.template_version };
    const view = await this.access.eventView(user, facts, peopleOfRows(await this.readModel.taskPeople(event.id)));
    const people = view.participantsOf(row.step_id);
    const placeholder = new RegExp(`\\{\\{\\s*steps\\.${row.step_id.replace(/[-.]/g, '\\$&')}\\.${row.bound_field ?? ''}\\s*\\}\\}`);
    const naming = [...allSteps((await this.readModel.templateOf(event.id))?.steps ?? [])]
      .filter((s) => s.type === 'notify' && [s.subject, s.message].some((t) => placeholder.test(t['zh-CN']) || placeholder.test(t.en)))
      .map((s) => s.id);
    if (row.bound_field && (await this.attachments.toldOfNotice(user.id, event.id, naming))) people.push(user.id);
    return { stepParticipantIds: people, ccRecipientIds: view.copiedOn(row.step_id) ? [user.id] : [] };
  }

  private async eventRow(id: string): Promise<EventRow> {
    const row = isUuid(id) ? await this.readModel.event(id) : undefined;
    if (!row) throw new DomainError('NOT_FOUND', `没有此活动：${id}`, `No event ${id}`);
    return row;
  }

  private metaOf(row: AttachmentRow): AttachmentMeta {
    return {
      id: row.id,
      eventId: row.event_id,
      campaignId: row.campaign_id,
      stepId: row.step_id,
      taskId: row.task_id,
      unitCode: row.unit_code,
      name: row.file_name,
      mimeType: row.mime_type,
      size: Number(row.size_bytes),
      sha256: row.sha256,
      inline: Object.values(FILE_KINDS).some((k) => k.mimeType === row.mime_type && k.inline),
      uploadedBy: { id: row.uploaded_by, displayName: row.uploader_name },
      uploadedAt: row.created_at.toISOString(),
      bound: row.bound_to !== null,
    };
  }
}

/** Why `row` cannot go with the campaign report `target` of `user`, in both languages; undefined when it can. */
function campaignBindRefusal(user: AuthUser, target: CampaignReportTarget, key: string, row: AttachmentRow): readonly [string, string] | undefined {
  if (row.campaign_id !== target.campaignId || row.unit_code !== target.unitCode) return ['不是为本活动本单位的报告上传的', "was not uploaded for this campaign and unit's reports"];
  if (row.bound_to === key) return undefined;
  if (row.bound_to !== null) return ['已用于另一期报告', 'is already used by another period’s report'];
  return row.uploaded_by === user.id ? undefined : ['不是您上传的', 'was not uploaded by you'];
}

/** Why `row` cannot be bound to `target` by `user`, in both languages; undefined when it can. */
function bindRefusal(user: AuthUser, target: BindTarget, key: string, stepOfTask: string | undefined, row: AttachmentRow): readonly [string, string] | undefined {
  if (row.event_id !== target.eventId) return ['属于另一个活动，不能在此使用', 'belongs to another event'];
  if (row.bound_to === key) return undefined;
  if (row.bound_to !== null) {
    // A resubmission (退回 and again) carries the files of the round before.
    const carried = 'taskId' in target && row.bound_to.startsWith('task:') && row.task_id !== null && row.step_id === stepOfTask;
    return carried ? undefined : ['已用于其他待办或回执', 'is already used by another task or receipt'];
  }
  if (row.uploaded_by !== user.id) return ['不是您上传的', 'was not uploaded by you'];
  const forTarget = 'taskId' in target ? row.task_id === target.taskId : row.step_id === target.stepId && row.unit_code === target.unitCode;
  return forTarget ? undefined : ['是为另一个待办或回执上传的', 'was uploaded for another task or receipt'];
}
