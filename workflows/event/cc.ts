// 抄送 (CC): people told of a step and shown its details, without acting on it — by a template's
// level or notice, or by someone taking part in a task. The workflow decides who and audits it; the
// activity keeps them for 抄送我的 and writes their notifications, once per key.
import { proxyActivities } from '@temporalio/workflow';
import type { CcActivities } from '../../activities/cc.activities';
import type { CcRecipient, Person } from '../event-model';
import type { LocalizedText, PartyRef } from '../template-types';
import { nowIso } from './clock';
import { person, resolvePeople } from './people';
import type { EventRun } from './run-state';

const ccActs = proxyActivities<CcActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface CcRequest {
  stepId: string;
  taskId?: string;
  /** Who CC'd; absent when the template's level or notice did. */
  by?: Person;
  recipients: CcRecipient[];
  comment?: string;
  /** What the template's 抄送 follows: the level that passed, the notice that went out. */
  after?: LocalizedText;
}

/** Records and tells one 抄送; returns how many people it reached. */
export async function sendCc(run: EventRun, req: CcRequest): Promise<number> {
  const recipients = [...new Map(req.recipients.filter((p) => p.id !== req.by?.id).map((p) => [p.id, p])).values()];
  if (!recipients.length) return 0;
  const { title } = run.state;
  const step = run.stepState(req.stepId).name;
  const note = (zh: string, en: string) => ({ 'zh-CN': req.comment ? `${zh}附言：${req.comment}` : zh, en: req.comment ? `${en} Note: ${req.comment}` : en });
  const body = req.by
    ? note(`${req.by.displayName}将“${step['zh-CN']}”抄送给您，供您知悉，无需办理。`, `${req.by.displayName} copied you on "${step.en}", for your information; nothing to do.`)
    : note(`“${req.after?.['zh-CN'] ?? step['zh-CN']}”已完成，抄送给您知悉，无需办理。`, `"${req.after?.en ?? step.en}" is done; copied to you for your information, nothing to do.`);
  run.audit({
    actor: req.by,
    action: 'cc.sent',
    stepId: req.stepId,
    taskId: req.taskId,
    after: { recipients: recipients.map((p) => ({ ...person(p), ...(p.unitCode ? { unitCode: p.unitCode } : {}) })) },
    comment: req.comment,
  });
  return ccActs.recordCc({
    key: run.nextCcKey(),
    eventId: run.state.eventId,
    stepId: req.stepId,
    taskId: req.taskId ?? null,
    by: req.by ? person(req.by) : null,
    at: nowIso(),
    comment: req.comment ?? null,
    recipients: recipients.map((p) => ({ id: p.id, displayName: p.displayName, unitCode: p.unitCode ?? null })),
    subject: { 'zh-CN': `抄送：${title} · ${step['zh-CN']}`, en: `CC: ${title} · ${step.en}` },
    body,
  });
}

/** A template's 抄送: its parties resolved through the directory (a unit's head stands for the unit). */
export async function ccParties(run: EventRun, stepId: string, refs: PartyRef[], after: LocalizedText): Promise<number> {
  const people = await resolvePeople(run, refs);
  const recipients = refs.flatMap((ref, i) => (people[i] ?? []).map((p) => ({ ...person(p), ...('unit' in ref ? { unitCode: ref.unit === '$lead' ? run.input.leadUnit : ref.unit } : {}) })));
  return sendCc(run, { stepId, recipients, after });
}
