// Rounds of a signed-off step (what changed, who said what), where a form starts (previous round,
// receipts), what approvers review, and the template's prefill declaration checked at load.
import { resolve } from 'node:path';
import type { NoticeState, TaskState } from '../../workflows/event-model';
import type { EventTemplate, FormSpec, TaskStep } from '../../workflows/template-types';
import { loadTemplates } from '../../src/templates/template-loader';
import { contentHash } from '../../src/templates/template-registry.service';
import { parseEventTemplate } from '../../src/templates/template.schema';
import { prefillValues } from '../../src/tasks/receipt-prefill';
import { reviewedSteps } from '../../src/tasks/review-scope';
import { findStep, taskForms, type ValuesLens } from '../../src/tasks/task-forms';
import { diffValues, returnedWith, submissionRounds } from '../../src/tasks/task-rounds';

const TEMPLATES_DIR = resolve(__dirname, '../../templates');
let shipped: EventTemplate | undefined;
/** The shipped A1 template, loaded (and validated) once. */
const womensDay = () => (shipped ??= loadTemplates(TEMPLATES_DIR).find((t) => t.code === 'womens-day-110')!);
const organiser = { id: 'u-org', displayName: '李组织' };
const headOrg = { id: 'u-head', displayName: '王部长' };
const headPub = { id: 'u-pub', displayName: '张部长' };

const planForm: FormSpec = {
  fields: [
    { key: 'theme', type: 'text', label: { 'zh-CN': '主题', en: 'Theme' } },
    { key: 'individualQuota', type: 'integer', label: { 'zh-CN': '名额', en: 'Quota' } },
    { key: 'seriesActivities', type: 'list', label: { 'zh-CN': '项目', en: 'Activities' } },
    { key: 'contact', type: 'text', label: { 'zh-CN': '联系人', en: 'Contact' }, personal: 'contact' },
  ],
};

let seq = 0;
const at = (minute: number) => new Date(Date.UTC(2027, 0, 4, 1, minute)).toISOString();
function task(t: Partial<TaskState> & Pick<TaskState, 'stepId' | 'kind' | 'round' | 'status'>): TaskState {
  return { id: `t${++seq}`, name: { 'zh-CN': t.stepId, en: t.stepId }, assignees: [organiser], createdAt: at(seq), ...t };
}

/** Round 1 submitted and sent back by the second head; round 2 resubmitted with a new theme and one activity less. */
function twoRounds() {
  const r1 = task({ stepId: 'draft-plan', kind: 'task', round: 1, status: 'completed', actedBy: organiser, closedAt: at(10), values: { theme: '巾帼心向党', individualQuota: 30, seriesActivities: ['报告会', '座谈会'] } });
  const a1 = task({ stepId: 'plan-approval', kind: 'sign-off', round: 1, status: 'approved', level: 0, subjectTaskId: r1.id, assignees: [headOrg], actedBy: headOrg, closedAt: at(11), comment: '同意' });
  const b1 = task({ stepId: 'plan-approval', kind: 'sign-off', round: 1, status: 'rejected', level: 0, subjectTaskId: r1.id, assignees: [headPub], actedBy: headPub, closedAt: at(12), comment: '主题须突出110周年' });
  const r2 = task({ stepId: 'draft-plan', kind: 'task', round: 2, status: 'completed', actedBy: organiser, createdAt: at(12), closedAt: at(20), values: { theme: '巾帼心向党 奋进新时代——纪念110周年', individualQuota: 30, seriesActivities: ['报告会'], contact: '张晓梅 13812345678' } });
  const c2 = task({ stepId: 'plan-approval', kind: 'sign-off', round: 2, status: 'open', level: 0, subjectTaskId: r2.id, assignees: [headPub] });
  return { r1, a1, b1, r2, c2, tasks: [r1, a1, b1, r2, c2] };
}

/** Sees every step; masks personal fields as someone without personal.read would see them. */
const maskingLens: ValuesLens = {
  canReadStep: () => true,
  stepValues: (_stepId, values) => (values ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === 'contact' ? '张** 138****5678' : v])) : undefined),
  receiptValues: (_stepId, _unit, values) => values ?? undefined,
};

describe('field-level differences between rounds', () => {
  it('marks changed, added and removed fields in the form’s order and leaves equal ones out', () => {
    expect(diffValues(planForm, { theme: 'a', individualQuota: 30, seriesActivities: ['x', 'y'] }, { theme: 'b', individualQuota: 30, seriesActivities: ['x'], contact: 'c' })).toEqual([
      { key: 'theme', change: 'changed' },
      { key: 'seriesActivities', change: 'changed' },
      { key: 'contact', change: 'added' },
    ]);
    expect(diffValues(planForm, { theme: 'a', seriesActivities: ['x'] }, { theme: 'a', seriesActivities: [] })).toEqual([{ key: 'seriesActivities', change: 'removed' }]);
  });
});

describe('submission rounds', () => {
  it('lists each submission with the opinions on it and what changed since the round before', () => {
    const { tasks, r1, r2 } = twoRounds();
    const rounds = submissionRounds(tasks, 'draft-plan', planForm);
    expect(rounds.map((r) => [r.round, r.taskId, r.submittedBy?.id])).toEqual([
      [1, r1.id, organiser.id],
      [2, r2.id, organiser.id],
    ]);
    expect(rounds[0].changes).toEqual([]);
    expect(rounds[0].decisions.map((d) => [d.status, d.people[0].displayName, d.comment])).toEqual([
      ['approved', '王部长', '同意'],
      ['rejected', '张部长', '主题须突出110周年'],
    ]);
    expect(rounds[1].changes).toEqual([
      { key: 'theme', change: 'changed' },
      { key: 'seriesActivities', change: 'changed' },
      { key: 'contact', change: 'added' },
    ]);
    expect(rounds[1].decisions).toEqual([expect.objectContaining({ status: 'open', people: [headPub], at: null })]);
  });

  it('records a withdrawal (撤回) with its comment on the round it ended', () => {
    const r1 = task({ stepId: 'draft-plan', kind: 'task', round: 1, status: 'completed', actedBy: organiser, closedAt: at(10), values: { theme: 'a' } });
    const s1 = task({ stepId: 'plan-approval', kind: 'sign-off', round: 1, status: 'withdrawn', level: 0, subjectTaskId: r1.id, closedAt: at(11) });
    const rounds = submissionRounds([r1, s1], 'draft-plan', planForm, [{ taskId: s1.id, actor: organiser, at: at(11), comment: '补充预算' }]);
    expect(rounds[0]).toMatchObject({ decisions: [], withdrawn: { by: organiser, comment: '补充预算' } });
  });
});

describe('what a later round starts from', () => {

  it('after 退回: the previous submission, and the rejection with its comment', () => {
    const { r1, b1, a1: approved, c2 } = twoRounds();
    const open2 = task({ stepId: 'draft-plan', kind: 'task', round: 2, status: 'open', createdAt: b1.closedAt });
    const forms = taskForms(womensDay(), { tasks: [r1, approved, b1, open2], notices: [] }, open2, maskingLens);
    expect(forms.startFrom).toEqual({ source: 'previous-round', values: r1.values, withheld: [] });
    expect(forms.returned).toMatchObject({ how: 'rejected', stepId: 'plan-approval', by: headPub, comment: '主题须突出110周年' });
    expect(forms.rounds).toHaveLength(1);
    expect(returnedWith(womensDay(), [r1, approved, b1, c2], { ...r1, round: 1 })).toBeNull();
  });

  it('after 撤回: the previous submission, and the withdrawal', () => {
    const r1 = task({ stepId: 'draft-plan', kind: 'task', round: 1, status: 'completed', actedBy: organiser, closedAt: at(10), values: { theme: 'a' } });
    const s1 = task({ stepId: 'plan-approval', kind: 'sign-off', round: 1, status: 'withdrawn', level: 0, subjectTaskId: r1.id, closedAt: at(11) });
    const open2 = task({ stepId: 'draft-plan', kind: 'task', round: 2, status: 'open', createdAt: at(11) });
    const forms = taskForms(womensDay(), { tasks: [r1, s1, open2], notices: [] }, open2, maskingLens, [{ taskId: s1.id, actor: organiser, at: at(11), comment: '补充预算' }]);
    expect(forms.startFrom).toEqual({ source: 'previous-round', values: { theme: 'a' }, withheld: [] });
    expect(forms.returned).toMatchObject({ how: 'withdrawn', by: organiser, comment: '补充预算' });
  });

  it('a masked field stays masked in every round', () => {
    const { tasks, c2 } = twoRounds();
    const forms = taskForms(womensDay(), { tasks, notices: [] }, c2, maskingLens);
    expect(forms.rounds[1].values).toMatchObject({ contact: '张** 138****5678' });
    expect(JSON.stringify(forms)).not.toContain('13812345678');
  });

  it('a field seen masked starts blank, named as one to fill in again: the mask submitted back would replace the real value', () => {
    const { r1, a1: approved, b1, r2 } = twoRounds();
    const b2 = task({ stepId: 'plan-approval', kind: 'sign-off', round: 2, status: 'rejected', level: 0, subjectTaskId: r2.id, assignees: [headPub], actedBy: headPub, closedAt: at(21), comment: '再改' });
    const open3 = task({ stepId: 'draft-plan', kind: 'task', round: 3, status: 'open', createdAt: at(21) });
    const state = { tasks: [r1, approved, b1, r2, b2, open3], notices: [] };
    const masked = taskForms(womensDay(), state, open3, maskingLens).startFrom;
    expect(masked).toEqual({ source: 'previous-round', values: { theme: r2.values!.theme, individualQuota: 30, seriesActivities: ['报告会'] }, withheld: ['contact'] });
    const plain = taskForms(womensDay(), state, open3, { ...maskingLens, stepValues: (_s, v) => v ?? undefined }).startFrom;
    expect(plain).toEqual({ source: 'previous-round', values: r2.values, withheld: [] });
  });

  it('a prefilled list whose receipts hold a masked ID number starts blank; the count still stands', () => {
    const notice = {
      stepId: 'selection-notice',
      round: 1,
      receipts: [{ unitCode: 'district-yuzhong', status: 'acknowledged', values: { nominees: ['王小红 500101199001011234', '李芳'], collectiveNominees: ['渝中区妇幼保健院'] } }],
    } as unknown as NoticeState;
    const review = task({ stepId: 'eligibility-review', kind: 'task', round: 1, status: 'open' });
    const idMasking: ValuesLens = {
      ...maskingLens,
      receiptValues: (_s, _u, v) => (v ? { ...v, nominees: (v.nominees as string[]).map((n) => n.replace(/\d{18}/, '500101********1234')) } : undefined),
    };
    expect(taskForms(womensDay(), { tasks: [review], notices: [notice] }, review, idMasking).startFrom).toEqual({
      source: 'receipts',
      values: { collectiveShortlist: ['渝中区妇幼保健院'], nominationsReceived: 2 },
      withheld: ['shortlist'],
    });
  });

  it('资格审查 starts from the nominations of the acknowledged receipts, merged and counted', () => {
    const receipt = (unitCode: string, values?: Record<string, unknown>) => ({ unitCode, status: values ? 'acknowledged' : 'pending', ...(values ? { values } : {}) });
    const notice = {
      stepId: 'selection-notice',
      round: 1,
      receipts: [
        receipt('district-yuzhong', { nominees: ['王小红', '李芳'], collectiveNominees: ['渝中区妇幼保健院'] }),
        receipt('district-wanzhou'),
        receipt('district-jiangbei', { nominees: ['李芳'] }),
      ],
    } as unknown as NoticeState;
    const review = task({ stepId: 'eligibility-review', kind: 'task', round: 1, status: 'open' });
    expect(taskForms(womensDay(), { tasks: [review], notices: [notice] }, review, maskingLens).startFrom).toEqual({
      source: 'receipts',
      values: { shortlist: ['王小红', '李芳', '李芳'], collectiveShortlist: ['渝中区妇幼保健院'], nominationsReceived: 3 },
      withheld: [],
    });
    // Nobody answered yet: the count is 0 and the lists are left blank.
    const step = findStep(womensDay().steps, 'eligibility-review') as TaskStep;
    expect(prefillValues(step.prefill!, step.form, [])).toEqual({ nominationsReceived: 0 });
  });
});

describe('what changed, as the reader may know it', () => {
  const { tasks, c2 } = twoRounds();
  const changesOf = (lens: ValuesLens) => taskForms(womensDay(), { tasks, notices: [] }, c2, lens).rounds[1].changes.map((c) => c.key);

  it('leaves out a field the reader sees masked, and every field of a step they may not read', () => {
    expect(changesOf(maskingLens)).toEqual(['theme', 'seriesActivities']);
    expect(changesOf({ ...maskingLens, canReadStep: () => false, stepValues: () => undefined })).toEqual([]);
  });

  it('names it for a reader who sees it unmasked', () => {
    expect(changesOf({ ...maskingLens, stepValues: (_s, v) => v ?? undefined })).toEqual(['theme', 'seriesActivities', 'contact']);
  });
});

describe('what approvers review', () => {
  it('方案审批 reviews the plan with the budget, venue and guests; later approvals the work since the previous one', () => {
    const a1 = womensDay();
    expect(reviewedSteps(a1, 'plan-approval')).toEqual(['draft-plan', 'budget', 'venue', 'guest-list']);
    expect(reviewedSteps(a1, 'shortlist-approval')).toEqual(['eligibility-review']);
    expect(reviewedSteps(a1, 'decision-approval')).toEqual(['draft-decision', 'public-notice-period', 'handle-objections']);
    expect(reviewedSteps(a1, 'summary-report')).toEqual(['summary-report']);
  });
});

describe('the prefill declaration, checked when the template loads', () => {
  const base = womensDay;
  const withPrefill = (prefill: unknown) => {
    const t = structuredClone(base()) as unknown as { steps: { id: string; prefill?: unknown }[] };
    t.steps.find((s) => s.id === 'eligibility-review')!.prefill = prefill;
    return parseEventTemplate(t);
  };
  const issues = (prefill: unknown) => {
    const parsed = withPrefill(prefill);
    return parsed.ok ? [] : parsed.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('accepts the shipped declaration', () => {
    expect(withPrefill((findStep(base().steps, 'eligibility-review') as TaskStep).prefill).ok).toBe(true);
  });

  it('leaves a version in use unfrozen by it: the workflow never reads it', () => {
    const without = structuredClone(base());
    delete (findStep(without.steps, 'eligibility-review') as TaskStep).prefill;
    expect(contentHash(without)).toBe(contentHash(base()));
    const changed = structuredClone(base());
    (findStep(changed.steps, 'eligibility-review') as TaskStep).name.en = 'Eligibility check';
    expect(contentHash(changed)).not.toBe(contentHash(base()));
  });

  it('names the field or step that does not fit', () => {
    expect(issues({ fromReceipts: 'plan-approval', map: { shortlist: 'nominees' } })).toEqual([
      'steps[4].prefill.fromReceipts: prefill.fromReceipts must name a notice whose receipt has a form; "plan-approval" has none',
    ]);
    expect(issues({ fromReceipts: 'publish-shortlist', map: { shortlist: 'nominees' } })).toEqual([
      'steps[4].prefill.fromReceipts: prefill.fromReceipts must name an earlier step; "publish-shortlist" is not finished before "eligibility-review" starts',
    ]);
    expect(issues({ fromReceipts: 'selection-notice', map: { shortlist: 'nominee' }, count: { reviewNotes: 'nominees' } })).toEqual([
      'steps[4].prefill.map.shortlist: "nominee" is not a field of "selection-notice"\'s receipt',
      'steps[4].prefill.count.reviewNotes: a count goes into an integer field, not textarea',
    ]);
    expect(issues({ fromReceipts: 'selection-notice', map: { reviewNotes: 'nominees', nominationsReceived: 'vettedByPartyCommittee' } })).toEqual([
      'steps[4].prefill.map.reviewNotes: a prefilled field must be a list (values collected) or a number (values summed), not textarea',
      'steps[4].prefill.map.nominationsReceived: an integer field sums number values, not boolean (vettedByPartyCommittee)',
    ]);
    expect(issues({ fromReceipts: 'selection-notice' })).toEqual(['steps[4].prefill: prefill needs at least one field in map or count']);
  });

  it('refuses to put personal data into a field shown unmasked', () => {
    const t = structuredClone(base());
    const receipt = (findStep(t.steps, 'selection-notice') as { receipt: { form: FormSpec } }).receipt.form;
    receipt.fields.find((f) => f.key === 'nominees')!.personal = 'name';
    const parsed = parseEventTemplate(t);
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.message)).toEqual([
      'nominees is personal data (name); the field it fills must be marked personal: name too',
    ]);
  });
});
