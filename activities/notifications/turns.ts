// Turn notifications (轮到你了), derived from the state the workflow sends its read model: whoever's
// turn it now is, whose submission was decided, whose task vanished, and who hears that the event
// ended. Pure: the batch and what the database knows go in, inbox rows come out. Every key is made
// of the state it announces, so a retried or re-sent batch finds its rows already written.
import type { ReadModelBatch } from '../../src/read-model/rows';
import type { TurnKind } from '../../src/notifications/kinds';
import type { Person, TaskState } from '../../workflows/event-model';
import type { LocalizedText } from '../../workflows/template-types';
import { formatDateTime } from '../../workflows/text';
import type { InboxRow } from './inbox';

/** What the database knows that the batch does not carry. */
export interface TurnContext {
  title: string;
  organiserId: string;
  /** The lead department's heads: with the organiser, they hear that the event was archived or cancelled. */
  leadHeadIds: string[];
  stepNames: Map<string, LocalizedText>;
  /** A resubmission (a work task of a later round) and the rejection (退回) that sent it back, by task id. */
  returnedBy: Map<string, Returned>;
  /** The batch's open tasks as the read model held them before the batch: a turn is announced when it begins. */
  before: Map<string, TaskBefore>;
  /** Who was told of each task's turn, by task id: a withdrawal tells them, and no one else. */
  toldOf: Map<string, Set<string>>;
  /** Whose submission an approval step signed off, by step id (its latest sign-off's submitter). */
  submitterOf: Map<string, Person>;
  /** The withdrawal (撤回) of each step, as its audit entry has it. */
  withdrawals: Map<string, { actorName: string | null; comment: string | null }>;
  /** Already told of the cancellation by the announcement to everyone concerned. */
  toldOfCancellation: Set<string>;
}

/** A 退回: who decided, what they said, and whose submission it was (the round's submitter). */
export interface Returned {
  actedBy: Person | null;
  comment: string | null;
  submitter: Person | null;
}

/** A task row before the batch wrote it; absent when the batch brings the task for the first time. */
export interface TaskBefore {
  status: string;
  createdAt: string;
  delegations: number;
}

type Text = { zh: string; en: string };
const text = (zh: string, en: string): Text => ({ zh, en });
const localized = (t: Text): LocalizedText => ({ 'zh-CN': t.zh, en: t.en });

export function turnNotifications(batch: ReadModelBatch, ctx: TurnContext): InboxRow[] {
  const rows: InboxRow[] = [];
  const eventId = batch.event.eventId;
  const row = (kind: TurnKind, key: string, recipientId: string, subject: Text, body: Text, at: { stepId?: string; taskId?: string } = {}) =>
    rows.push({ key, recipientId, eventId, stepId: at.stepId ?? null, taskId: at.taskId ?? null, kind, subject: localized(subject), body: localized(body) });
  const ended = batch.event.status === 'cancelled' || batch.event.status === 'archived';

  for (const t of batch.tasks) {
    const where = headline(ctx, t);
    if (t.status === 'open' && !ended) {
      const was = ctx.before.get(t.id);
      // A turn begins when the task opens, or opens again (a 前加签 signer went first): createdAt says
      // which. A batch that only touches a task open all along (a deadline moved) begins no turn.
      const began = !was || was.status !== t.status || Date.parse(was.createdAt) !== Date.parse(t.createdAt);
      const handedOver = t.delegations?.length && (began || was.delegations < t.delegations.length) ? t.delegations.at(-1) : undefined;
      const returned = t.kind === 'sign-off' ? undefined : ctx.returnedBy.get(t.id);
      for (const p of t.assignees) {
        const at = { stepId: t.stepId, taskId: t.id };
        const turn = `turn:${t.id}:${t.createdAt}:${p.id}`;
        if (handedOver?.to.id === p.id) {
          const n = t.delegations!.length - 1;
          row('delegated', `delegated:${t.id}:${n}:${p.id}`, p.id, text(`转交给您：${where.zh}`, `Handed over to you: ${where.en}`), delegatedBody(handedOver, t), at);
        } else if (!began) {
          continue;
        } else if (t.kind === 'sign-off') {
          row('sign-off-waiting', turn, p.id, text(`待审批：${where.zh}`, `To sign off: ${where.en}`), signOffBody(t), at);
        } else if (returned) {
          // The same key either way: a resubmission's task is announced once, as the 退回 that opened it.
          row('decision', turn, p.id, text(`已退回：${where.zh}`, `Returned: ${where.en}`), returnedBody(returned, t), at);
        } else {
          row('task-assigned', turn, p.id, text(`待办理：${where.zh}`, `To do: ${where.en}`), dueLine(t), at);
        }
      }
      // 退回 to a step someone else holds (onReject aims elsewhere): the submitter hears the decision too.
      const submitter = returned?.submitter;
      if (began && submitter && !t.assignees.some((a) => a.id === submitter.id)) {
        row('decision', `returned:${t.id}:${t.createdAt}:${submitter.id}`, submitter.id, text(`已退回：${where.zh}`, `Returned: ${where.en}`), returnedElsewhereBody(returned, t), {
          stepId: t.stepId,
        });
      }
    }
    if (t.kind === 'sign-off' && t.status === 'withdrawn') {
      const told = ctx.toldOf.get(t.id) ?? new Set<string>();
      const w = ctx.withdrawals.get(t.stepId);
      for (const p of t.assignees.filter((a) => told.has(a.id))) {
        row('sign-off-withdrawn', `withdrawn:${t.id}:${p.id}`, p.id, text(`已撤回：${where.zh}`, `Withdrawn: ${where.en}`), withdrawnBody(w), { stepId: t.stepId, taskId: t.id });
      }
    }
  }

  for (const s of batch.steps) {
    const submitter = ctx.submitterOf.get(s.id);
    if (s.type !== 'approval' || s.status !== 'done' || !submitter) continue;
    const step = ctx.stepNames.get(s.id) ?? s.name;
    row(
      'decision',
      `passed:${eventId}:${s.id}:${s.round}:${submitter.id}`,
      submitter.id,
      text(`审批通过：${ctx.title} · ${step['zh-CN']}`, `Approved: ${ctx.title} · ${step.en}`),
      text(`您提交的“${step['zh-CN']}”已通过全部审批。`, `Your submission for "${step.en}" passed every level of sign-off.`),
      { stepId: s.id },
    );
  }

  if (ended) {
    const status = batch.event.status;
    const told = status === 'cancelled' ? ctx.toldOfCancellation : new Set<string>();
    const recipients = [...new Set([ctx.organiserId, ...ctx.leadHeadIds])].filter((id) => !told.has(id));
    const reason = batch.event.cancelReason;
    const [subject, body] =
      status === 'archived'
        ? [text(`【已归档】${ctx.title}`, `Archived: ${ctx.title}`), text('活动总结已审批通过，活动已归档。', 'The report passed its sign-off and the event is archived.')]
        : [text(`【取消】${ctx.title}已取消`, `Cancelled: ${ctx.title}`), reason ? text(`原因：${reason}`, `Reason: ${reason}`) : text('活动已取消。', 'The event was cancelled.')];
    for (const id of recipients) row('event-closed', `event:${eventId}:${status}:${id}`, id, subject, body);
  }
  return rows;
}

/** "<活动名> · 方案审批 · 部门负责人会签": the event, the step, and for a sign-off its level. */
function headline(ctx: TurnContext, t: TaskState): Text {
  const step = ctx.stepNames.get(t.stepId) ?? t.name;
  const level = t.kind === 'sign-off' && t.levelName ? t.levelName : undefined;
  return text(
    [ctx.title, step['zh-CN'], ...(level ? [level['zh-CN']] : [])].join(' · '),
    [ctx.title, step.en, ...(level ? [level.en] : [])].join(' · '),
  );
}

function dueLine(t: TaskState): Text {
  return t.dueAt
    ? text(`请在 ${formatDateTime(t.dueAt, 'zh-CN')} 前办理。`, `Please handle it by ${formatDateTime(t.dueAt, 'en')}.`)
    : text('请及时办理。', 'Please handle it.');
}

function signOffBody(t: TaskState): Text {
  const due = dueLine(t);
  return t.submitter ? text(`提交人：${t.submitter.displayName}。${due.zh}`, `Submitted by ${t.submitter.displayName}. ${due.en}`) : due;
}

function delegatedBody(d: NonNullable<TaskState['delegations']>[number], t: TaskState): Text {
  const who = d.by ?? d.from;
  const note = d.comment ? text(`说明：${d.comment}。`, `Note: ${d.comment}. `) : text('', '');
  const due = dueLine(t);
  return text(`${who.displayName}将此待办转交给您。${note.zh}${due.zh}`, `${who.displayName} handed this task over to you. ${note.en}${due.en}`);
}

function returnedBody(r: Returned, t: TaskState): Text {
  const [who, said] = rejection(r);
  const due = dueLine(t);
  return text(`${who.zh}${said.zh}。请修改后重新提交（第 ${t.round} 轮）。${due.zh}`, `${who.en} ${said.en}. Please revise and resubmit (round ${t.round}). ${due.en}`);
}

/** To a submitter whose 退回 reopened a step another person holds: nothing for them to do. */
function returnedElsewhereBody(r: Returned, t: TaskState): Text {
  const [who, said] = rejection(r);
  const holders = t.assignees.map((a) => a.displayName).join('、');
  return text(
    `${who.zh}${said.zh}。此步骤已退回给${holders}重新办理（第 ${t.round} 轮）。`,
    `${who.en} ${said.en}. This step went back to ${holders} to be done again (round ${t.round}).`,
  );
}

function rejection(r: Returned): [Text, Text] {
  const who = r.actedBy?.displayName;
  return [
    who ? text(`${who}退回了您的提交。`, `${who} returned your submission.`) : text('您的提交被退回。', 'Your submission was returned.'),
    r.comment ? text(`退回意见：${r.comment}`, `Comment: ${r.comment}`) : text('未填写退回意见', 'No comment given'),
  ];
}

function withdrawnBody(w: { actorName: string | null; comment: string | null } | undefined): Text {
  const who = w?.actorName;
  const why = w?.comment ? text(`说明：${w.comment}。`, ` Note: ${w.comment}.`) : text('', '');
  return text(
    `${who ? `${who}已撤回提交` : '提交已撤回'}，此审批无需再办理。${why.zh}`,
    `${who ? `${who} withdrew the submission` : 'The submission was withdrawn'}; this sign-off no longer needs you.${why.en}`,
  );
}
