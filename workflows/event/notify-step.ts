// The official notice (通知) to units, with its document number, and the receipts (签收) it asks for,
// collected until every unit has acknowledged or the deadline passes.
import { CancellationScope } from '@temporalio/workflow';
import type { NoticeState } from '../event-model';
import type { NotifyStep } from '../template-types';
import { fillBoth, formatDateTime } from '../text';
import { acts } from './activity-stubs';
import { invitation } from './announcements';
import { ccParties } from './cc';
import { isoOrNull, waitUntil } from './clock';
import type { EventRun } from './run-state';

export async function runNotify(run: EventRun, step: NotifyStep): Promise<void> {
  const { state, template } = run;
  const s = run.startStep(step.id);
  const stepStartMs = Date.now();
  const data = (lang: 'zh-CN' | 'en') => ({
    title: state.title,
    startsAt: formatDateTime(state.startsAt, lang),
    endsAt: formatDateTime(state.endsAt, lang),
    venue: state.venue ?? (lang === 'zh-CN' ? '（地点另行通知）' : '(venue to follow)'),
    templateName: template.name[lang],
    organiser: state.organiser.displayName,
    steps: state.values,
  });
  const texts = { subject: fillBoth(step.subject, { 'zh-CN': data('zh-CN'), en: data('en') }), message: fillBoth(step.message, { 'zh-CN': data('zh-CN'), en: data('en') }) };
  const deliver = () => acts.deliverNotice({
    eventId: state.eventId,
    stepId: step.id,
    round: s.round,
    audience: step.audience,
    official: step.official ?? false,
    subject: texts.subject,
    message: texts.message,
    participantIds: state.participants.map((p) => p.id),
    leadUnit: run.input.leadUnit,
    organiserId: run.input.organiser.id,
    calendar: state.status === 'postponed' ? undefined : invitation(run, 'REQUEST'),
    // Stored with the notice, so its document (a meeting notice's 回执) has it from the first render.
    // Computing it issues no command: histories replay as they ran.
    receiptsDueAt: step.receipt ? (isoOrNull(run.resolveTime(step.receipt.due, stepStartMs)) ?? undefined) : undefined,
  });
  // Runs started before the cancellation scope asked to cancel a delivery in flight when the whole
  // run was cancelled (their histories say so), so they still do. In the scope, a notice that went
  // out is known to the run even if a cancellation comes meanwhile, and the cancellation waits for
  // it to be recorded (`deliveriesInFlight`): its units hear the CANCEL too.
  const inScope = run.stopSteps !== undefined;
  let notice: NoticeState;
  if (inScope) run.deliveriesInFlight++;
  try {
    const delivered = inScope ? await CancellationScope.nonCancellable(deliver) : await deliver();
    notice = {
      stepId: step.id,
      round: s.round,
      noticeId: delivered.noticeId,
      docNumber: delivered.docNumber,
      subject: texts.subject['zh-CN'],
      issuedAt: delivered.issuedAt,
      recipientCount: delivered.recipientCount,
    };
    if (step.receipt) {
      notice.receipts = delivered.units.map((u) => ({ unitCode: u.code, unitName: u.name, liaisons: u.liaisons, status: 'pending' }));
    }
    run.addNotice(notice);
    run.audit({ action: 'notice.issued', stepId: step.id, after: { docNumber: notice.docNumber, recipients: notice.recipientCount } });
  } finally {
    if (inScope) run.deliveriesInFlight--;
  }
  // Templates without a 抄送 schedule nothing here: older runs replay as they ran.
  if (step.cc?.length) await ccParties(run, step.id, step.cc, step.name);
  if (step.receipt && notice.receipts?.length) {
    const receipts = notice.receipts;
    await waitUntil(run, step.receipt.due, stepStartMs, () => receipts.every((r) => r.status === 'acknowledged'), (iso) => run.setReceiptsDue(notice, iso));
  }
  run.finishStep(step.id);
}
