// The archive record (归档记录) is a function of the event's rows, not of the order the database
// hands them over in; and the report starts from what the workflow knows (实到人数, the units that
// acknowledged, the facts).
import { buildArchiveRecord, canonicalText, sha256Hex, type ArchiveSource } from '../../src/archive/archive-record';
import { headcountFields, reportFacts, reportPrefill, type FactSource } from '../../src/tasks/report-prefill';
import type { Step } from '../../workflows/template-types';

const organiser = { id: '00000000-0000-4000-8000-000000000001', displayName: '王小红' };
const head = { id: '00000000-0000-4000-8000-000000000002', displayName: '李明' };
const name = (zh: string) => ({ 'zh-CN': zh, en: zh });
const at = (day: number, hour = 9) => new Date(Date.UTC(2027, 4, day, hour));

function source(): ArchiveSource {
  return {
    event: {
      id: '11111111-1111-4111-8111-111111111111',
      title: '2027年家庭教育工作推进会',
      template_code: 'family-education-meeting',
      template_version: 2,
      lead_unit: 'dept-family-children',
      starts_at: at(20),
      ends_at: at(20, 13),
      venue: '重庆市妇女儿童活动中心',
      status: 'archived',
      archived_at: at(27),
      created_at: at(1),
    },
    templateName: name('家家幸福安康工程——家庭教育工作推进会'),
    leadUnitName: '家庭和儿童工作部',
    organiser,
    steps: [
      { step_id: 'meeting-plan', parent_step_id: null, type: 'task', name: name('会议方案'), status: 'done', round: 1, started_at: at(1), finished_at: at(2), position: 0 },
      { step_id: 'check-in', parent_step_id: null, type: 'task', name: name('会议签到'), status: 'done', round: 1, started_at: at(20), finished_at: at(20, 12), position: 5 },
      { step_id: 'summary-report', parent_step_id: null, type: 'report', name: name('会议纪要及总结'), status: 'done', round: 1, started_at: at(21), finished_at: at(27), position: 6 },
    ],
    tasks: [
      { id: 'a0000000-0000-4000-8000-000000000001', step_id: 'meeting-plan', kind: 'task', round: 1, name: name('会议方案'), status: 'completed', assignees: [organiser], due_at: at(3), created_at: at(1), closed_at: at(2), acted_by: organiser, comment: null, form_values: { agenda: '议程' }, level: null, level_name: null, mode: null },
      { id: 'a0000000-0000-4000-8000-000000000002', step_id: 'check-in', kind: 'task', round: 1, name: name('会议签到'), status: 'completed', assignees: [organiser], due_at: null, created_at: at(20), closed_at: at(20, 12), acted_by: organiser, comment: null, form_values: { attendance: 86 }, level: null, level_name: null, mode: null },
      { id: 'a0000000-0000-4000-8000-000000000003', step_id: 'summary-report', kind: 'report', round: 1, name: name('会议纪要及总结'), status: 'completed', assignees: [organiser], due_at: at(26), created_at: at(21), closed_at: at(22), acted_by: organiser, comment: null, form_values: { participants: 86, unitsCovered: ['渝中区妇联'] }, level: null, level_name: null, mode: null },
      { id: 'a0000000-0000-4000-8000-000000000004', step_id: 'summary-report', kind: 'sign-off', round: 1, name: name('部门负责人审核'), status: 'approved', assignees: [head, organiser], due_at: at(24), created_at: at(22), closed_at: at(23), acted_by: head, comment: '同意', form_values: null, level: 0, level_name: name('部门负责人审核'), mode: 'any' },
    ],
    decisions: [
      { task_id: 'a0000000-0000-4000-8000-000000000004', step_id: 'summary-report', round: 1, level: 0, decision: 'approved', comment: '同意', decided_at: at(23), actor: head },
    ],
    notices: [
      { id: 'n1', step_id: 'meeting-notice', round: 1, doc_number: '渝妇发〔2027〕5号', subject: name('关于召开推进会的通知'), body: name('会议定于……'), recipient_count: 3, issued_at: at(3), receipts_due_at: at(13) },
    ],
    receipts: [
      { notice_id: 'n1', unit_code: 'district-yuzhong', unit_name: '渝中区妇联', status: 'acknowledged', acknowledger: head, acknowledged_at: at(5), late: false, form_values: { attendees: ['张三 主席'] } },
      { notice_id: 'n1', unit_code: 'district-wanzhou', unit_name: '万州区妇联', status: 'acknowledged', acknowledger: head, acknowledged_at: at(14), late: true, form_values: { attendees: ['李四'] } },
      { notice_id: 'n1', unit_code: 'district-jiangbei', unit_name: '江北区妇联', status: 'pending', acknowledger: null, acknowledged_at: null, late: false, form_values: null },
    ],
    audit: [
      { seq: 1, at: at(1), actor_id: organiser.id, actor_name: organiser.displayName, action: 'event.created', step_id: null, task_id: null, before: null, after: { title: '2027年家庭教育工作推进会' }, comment: null },
      { seq: 2, at: at(23), actor_id: head.id, actor_name: head.displayName, action: 'task.approved', step_id: 'summary-report', task_id: 'a0000000-0000-4000-8000-000000000004', before: { status: 'open' }, after: { status: 'approved' }, comment: '同意' },
    ],
    cc: [
      { step_id: 'summary-report', task_id: 'a0000000-0000-4000-8000-000000000004', unit_code: null, recipient: head, cc_by: organiser, comment: '请阅', cc_at: at(22) },
      { step_id: 'summary-report', task_id: 'a0000000-0000-4000-8000-000000000004', unit_code: null, recipient: organiser, cc_by: null, comment: null, cc_at: at(22) },
    ],
    handoffs: [{ source_template: 'womens-day-110', source_event_id: '22222222-2222-4222-8222-222222222222', handed_values: { honourees: ['张三'] }, copied_at: at(1) }],
    documents: [
      { kind: 'meeting-notice', ref: 'n1', file_name: '渝妇发〔2027〕5号.pdf', sha256: 'a'.repeat(64), step_id: 'meeting-notice', round: 1, doc_number: '渝妇发〔2027〕5号' },
    ],
  };
}

const shuffled = <T>(rows: T[]): T[] => [...rows].reverse();

describe('the archive record', () => {
  it('hashes the same whatever order the rows come in', () => {
    const a = source();
    const b: ArchiveSource = {
      ...a,
      steps: shuffled(a.steps),
      tasks: shuffled(a.tasks).map((t) => ({ ...t, assignees: shuffled(t.assignees) })),
      notices: shuffled(a.notices),
      receipts: shuffled(a.receipts),
      decisions: shuffled(a.decisions),
      audit: shuffled(a.audit),
      cc: shuffled(a.cc),
      // The same instants as ISO text (a query's JSON) rather than Date objects.
      event: { ...a.event, starts_at: a.event.starts_at.toISOString() as unknown as Date },
    };
    const [ta, tb] = [canonicalText(buildArchiveRecord(a)), canonicalText(buildArchiveRecord(b))];
    expect(tb).toBe(ta);
    expect(sha256Hex(tb)).toBe(sha256Hex(ta));
    expect(sha256Hex(ta)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('holds the header, every step, task, sign-off, notice with its receipts, and the report', () => {
    const record = buildArchiveRecord(source());
    expect(record.event).toMatchObject({ title: '2027年家庭教育工作推进会', template: { code: 'family-education-meeting', version: 2 }, leadUnit: { name: '家庭和儿童工作部' }, organiser, archivedAt: at(27).toISOString() });
    expect(record.steps.map((s) => s.id)).toEqual(['meeting-plan', 'check-in', 'summary-report']);
    expect(record.tasks).toHaveLength(4);
    expect(record.signOffs).toEqual([expect.objectContaining({ decision: 'approved', by: head, comment: '同意' })]);
    expect(record.notices[0].receipts.map((r) => r.unitCode)).toEqual(['district-jiangbei', 'district-wanzhou', 'district-yuzhong']);
    expect(record.report).toMatchObject({ stepId: 'summary-report', values: { participants: 86 }, by: organiser });
  });

  it('holds the 操作记录, the due dates, the cc recipients, the handoff and the documents issued', () => {
    const record = buildArchiveRecord(source());
    expect(record.format).toBe(2);
    expect(record.audit.map((a) => [a.seq, a.action, a.actor?.id, a.comment])).toEqual([
      [1, 'event.created', organiser.id, null],
      [2, 'task.approved', head.id, '同意'],
    ]);
    expect(record.audit[1]).toMatchObject({ before: { status: 'open' }, after: { status: 'approved' }, at: at(23).toISOString() });
    expect(record.tasks.find((t) => t.stepId === 'meeting-plan')?.dueAt).toBe(at(3).toISOString());
    expect(record.tasks.find((t) => t.stepId === 'check-in')?.dueAt).toBeNull();
    expect(record.cc.map((c) => c.recipient.id).sort()).toEqual([organiser.id, head.id].sort());
    expect(record.handoffs).toEqual([{ sourceTemplate: 'womens-day-110', sourceEventId: '22222222-2222-4222-8222-222222222222', values: { honourees: ['张三'] }, copiedAt: at(1).toISOString() }]);
    expect(record.documents).toEqual([
      { kind: 'meeting-notice', noticeId: 'n1', stepId: 'meeting-notice', round: 1, docNumber: '渝妇发〔2027〕5号', fileName: '渝妇发〔2027〕5号.pdf', sha256: 'a'.repeat(64) },
    ]);
  });

  it('changes its hash when any value changes', () => {
    const a = source();
    const b = source();
    b.receipts[0] = { ...b.receipts[0], form_values: { attendees: ['张三 副主席'] } };
    const c = source();
    c.tasks[0] = { ...c.tasks[0], due_at: at(4) };
    const d = source();
    d.documents[0] = { ...d.documents[0], sha256: 'b'.repeat(64) };
    const hashOf = (x: ArchiveSource) => sha256Hex(canonicalText(buildArchiveRecord(x)));
    expect(new Set([a, b, c, d].map(hashOf)).size).toBe(4);
  });
});

describe('the report prefill', () => {
  const steps: Step[] = [
    { id: 'check-in', type: 'task', name: name('会议签到'), assignee: { organiser: true }, form: { fields: [{ key: 'attendance', type: 'integer', label: { 'zh-CN': '实到人数', en: 'Attendance' } }] } },
    { id: 'family-check-in', type: 'task', name: name('签到'), assignee: { organiser: true }, form: { fields: [{ key: 'families', type: 'integer', label: { 'zh-CN': '实到家庭数', en: 'Families' } }] } },
  ];
  const facts: FactSource = {
    notices: [
      { stepId: 'meeting-notice', round: 1, docNumber: '渝妇发〔2027〕5号', subject: '关于召开推进会的通知', receipts: source().receipts.map((r) => ({ unitName: r.unit_name, status: r.status, late: r.late })) },
    ],
    latestValues: (stepId) => (stepId === 'check-in' ? { attendance: 86 } : stepId === 'family-check-in' ? { families: 30 } : undefined),
  };

  it('counts people from a 实到…人数 field, not families', () => {
    expect(headcountFields(steps)).toEqual([{ stepId: 'check-in', key: 'attendance' }]);
  });

  it('starts from the headcount, the units that acknowledged and a text of the facts', () => {
    const values = reportPrefill(steps, facts);
    expect(values).toMatchObject({ participants: 86, unitsCovered: ['渝中区妇联', '万州区妇联'] });
    expect(String(values.figures).split('\n')).toEqual(['实到人数：86人', '通知单位：3个', '已签收单位：2个', '逾期签收单位：1个', '印发文件：渝妇发〔2027〕5号《关于召开推进会的通知》']);
    expect(reportFacts(steps, facts).map((f) => f.value.en)).toEqual(['86', '3', '2', '1', '渝妇发〔2027〕5号《关于召开推进会的通知》']);
  });

  it('leaves out what the workflow does not know', () => {
    expect(reportPrefill(steps, { notices: [], latestValues: () => undefined })).toEqual({});
  });
});
