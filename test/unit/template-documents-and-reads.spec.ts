// A notice's document layout (公文) and the data templates hand each other: each refusal names the
// file and the field, so a wrong reference stops start-up instead of printing an empty decision or
// starting a meeting plan from nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadTemplates, TemplateValidationError } from '../../src/templates/template-loader';
import { parseEventTemplate } from '../../src/templates/template.schema';

const zh = (text: string) => ({ 'zh-CN': text, en: text });
const levels = [{ name: zh('分管副主席审批'), mode: 'sequential', approvers: [{ role: 'vice-chair', inChargeOf: '$lead' }] }];
const report = { id: 'summary-report', type: 'report', name: zh('总结'), assignee: { organiser: true }, due: { anchor: 'eventEnd', offset: '7d' }, signOff: { levels } };

/** A selection in the shape of A1: the decided list, its sign-off, the decision issued. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function selection(): Record<string, any> {
  return {
    code: 'selection',
    version: 1,
    name: zh('评选'),
    kind: 'activity',
    leadDepartment: 'dept-organisation',
    defaultDuration: '1d',
    provides: { honourees: { step: 'draft-decision', field: 'honourees', after: 'issue-decision' } },
    steps: [
      {
        id: 'draft-decision',
        type: 'task',
        name: zh('起草表彰决定'),
        assignee: { organiser: true },
        form: {
          fields: [
            { key: 'honourees', type: 'list', label: zh('名单') },
            { key: 'summary', type: 'text', label: zh('说明') },
            { key: 'contactPhone', type: 'text', label: zh('电话'), personal: 'phone' },
          ],
        },
      },
      { id: 'decision-approval', type: 'approval', name: zh('审签'), subject: 'draft-decision', levels },
      {
        id: 'issue-decision',
        type: 'notify',
        name: zh('印发表彰决定'),
        audience: [{ unitGroup: 'districts' }],
        official: true,
        subject: zh('关于表彰的决定'),
        message: zh('现将表彰决定印发给你们。'),
        document: { kind: 'decision', lists: [{ heading: zh('重庆市三八红旗手'), from: { step: 'draft-decision', field: 'honourees' } }] },
      },
      report,
    ],
  };
}

/** A meeting in the shape of M2: its plan reads the selection's list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function commendation(): Record<string, any> {
  return {
    code: 'commendation',
    version: 1,
    name: zh('表彰会'),
    kind: 'meeting',
    leadDepartment: 'dept-organisation',
    defaultDuration: '3h',
    reads: [{ from: 'selection', value: 'honourees', into: { step: 'meeting-plan', field: 'honourees' } }],
    steps: [
      {
        id: 'meeting-plan',
        type: 'task',
        name: zh('会议方案'),
        assignee: { organiser: true },
        form: {
          fields: [
            { key: 'honourees', type: 'list', label: zh('受表彰名单') },
            { key: 'agenda', type: 'textarea', label: zh('议程') },
            { key: 'expectedAttendance', type: 'integer', label: zh('人数') },
          ],
        },
      },
      {
        id: 'meeting-notice',
        type: 'notify',
        name: zh('会议通知'),
        audience: [{ unitGroup: 'districts' }],
        official: true,
        subject: zh('会议通知'),
        message: zh('会议定于{{startsAt}}召开。'),
        document: { kind: 'meeting-notice', agenda: { step: 'meeting-plan', field: 'agenda' } },
      },
      report,
    ],
  };
}

const issuesOf = (data: unknown) => {
  const parsed = parseEventTemplate(data);
  return parsed.ok ? [] : parsed.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('a notice printed as a document', () => {
  it('accepts the decision with its list and the meeting notice with its agenda', () => {
    expect(issuesOf(selection())).toEqual([]);
    expect(issuesOf(commendation())).toEqual([]);
  });

  it('refuses a list from a step that does not come first, and a list that is not a list field', () => {
    const t = selection();
    t.steps[2].document.lists = [
      { heading: zh('名单'), from: { step: 'summary-report', field: 'honourees' } },
      { heading: zh('说明'), from: { step: 'draft-decision', field: 'summary' } },
      { heading: zh('无此字段'), from: { step: 'draft-decision', field: 'honorees' } },
    ];
    expect(issuesOf(t)).toEqual([
      'steps[2].document.lists[0].from.step: lists.from.step must name an earlier step; "summary-report" is not finished before "issue-decision" starts',
      'steps[2].document.lists[1].from.field: a decision\'s list must come from a list field; "summary" is text',
      'steps[2].document.lists[2].from.field: "honorees" is not a field of step "draft-decision"\'s form (fields: honourees, summary, contactPhone)',
    ]);
  });

  it('refuses an agenda on a step with no such field, a decision without lists, and a layout on a plain notice', () => {
    const meeting = commendation();
    meeting.steps[1].document.agenda = { step: 'meeting-plan', field: 'programme' };
    expect(issuesOf(meeting)).toEqual([
      'steps[1].document.agenda.field: "programme" is not a field of step "meeting-plan"\'s form (fields: honourees, agenda, expectedAttendance)',
    ]);
    const unlisted = selection();
    unlisted.steps[2].document = { kind: 'decision', agenda: { step: 'draft-decision', field: 'summary' } };
    expect(issuesOf(unlisted)).toEqual([
      'steps[2].document.lists: a decision needs its lists (e.g. the 三八红旗手 honoured)',
      'steps[2].document.agenda: agenda applies only to a meeting-notice, not to a decision',
    ]);
    const plain = selection();
    delete plain.steps[2].official;
    expect(issuesOf(plain)).toEqual([
      'steps[2].document: a document layout applies only to an official notice (official: true); a plain notice has no 公文',
    ]);
  });
});

describe('values handed between templates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (t: Record<string, unknown>) => writeFileSync(join(dir, `${String(t.code)}.yaml`), stringify(t));
  const loadError = (): string => {
    try {
      loadTemplates(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateValidationError);
      return (error as Error).message;
    }
    throw new Error('expected loadTemplates to refuse the folder');
  };

  it('loads a reader of a value its source provides', () => {
    write(selection());
    write(commendation());
    expect(loadTemplates(dir).map((t) => t.code)).toEqual(['commendation', 'selection']);
  });

  it('refuses a provided value on a step or field that is not there, or final only before its step is done', () => {
    const t = selection();
    t.provides = {
      honourees: { step: 'draft-decision', field: 'honourees', after: 'issue-decisions' },
      winners: { step: 'draft-decisions', field: 'honourees', after: 'issue-decision' },
      summary: { step: 'draft-decision', field: 'summry', after: 'issue-decision' },
      early: { step: 'issue-decision', field: 'honourees', after: 'draft-decision' },
    };
    expect(issuesOf(t)).toEqual([
      'provides.honourees.after: provides.after names no step: "issue-decisions"',
      'provides.winners.step: provides.step names no step: "draft-decisions"',
      'provides.summary.field: "summry" is not a field of step "draft-decision"\'s form (fields: honourees, summary, contactPhone)',
      'provides.early.field: "honourees" is not a field of step "issue-decision"\'s form (it has no form)',
      'provides.early.after: the value is handed on after "draft-decision", so "issue-decision" must finish before it',
    ]);
  });

  it('refuses a read into a step that is not a task, a field it does not have, or one already read into', () => {
    const t = commendation();
    t.reads = [
      { from: 'selection', value: 'honourees', into: { step: 'meeting-notice', field: 'honourees' } },
      { from: 'selection', value: 'honourees', into: { step: 'meeting-plan', field: 'names' } },
      { from: 'commendation', value: 'honourees', into: { step: 'meeting-plan', field: 'honourees' } },
      { from: 'selection', value: 'honourees', into: { step: 'meeting-plan', field: 'honourees' } },
    ];
    expect(issuesOf(t)).toEqual([
      'reads[0].into.step: into.step must name a task step; "meeting-notice" is a notify step',
      'reads[1].into.field: "names" is not a field of step "meeting-plan"\'s form (fields: honourees, agenda, expectedAttendance)',
      'reads[2].from: a template cannot read from itself',
      'reads[3].into: meeting-plan.honourees is already read into',
    ]);
  });

  it('refuses a read from a template that is not loaded, or does not provide the value', () => {
    write(selection());
    const reader = commendation();
    reader.reads = [
      { from: 'selections', value: 'honourees', into: { step: 'meeting-plan', field: 'honourees' } },
      { from: 'selection', value: 'collectiveHonourees', into: { step: 'meeting-plan', field: 'agenda' } },
    ];
    write(reader);
    expect(loadError()).toBe(
      [
        'commendation.yaml: reads[0].from: no template with code "selections" is loaded',
        'commendation.yaml: reads[1].value: template "selection" provides no value "collectiveHonourees" (it provides: honourees)',
      ]
        .map((line) => join(dir, line))
        .join('\n'),
    );
  });

  it('refuses a read whose value the target field cannot hold: another type, or personal data into a field not marked personal', () => {
    const source = selection();
    source.provides.summary = { step: 'draft-decision', field: 'summary', after: 'issue-decision' };
    source.provides.phone = { step: 'draft-decision', field: 'contactPhone', after: 'issue-decision' };
    write(source);
    const reader = commendation();
    reader.reads = [
      { from: 'selection', value: 'honourees', into: { step: 'meeting-plan', field: 'expectedAttendance' } },
      { from: 'selection', value: 'summary', into: { step: 'meeting-plan', field: 'agenda' } },
      { from: 'selection', value: 'phone', into: { step: 'meeting-plan', field: 'honourees' } },
    ];
    write(reader);
    const message = loadError();
    expect(message).toContain('reads[0].into.field: "honourees" is list and cannot fill integer field "expectedAttendance" (the value "honourees" of "selection")');
    // A text widens into a textarea: the second read is fine.
    expect(message).not.toContain('reads[1]');
    expect(message).toContain('reads[2].into.field: "contactPhone" is personal data (phone); the field it fills, "honourees", must be marked personal too');
  });
});
