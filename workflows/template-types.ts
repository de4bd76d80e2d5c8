// The shape of an event template: plain data, copied whole into a workflow's input at start,
// so that editing a template file never changes an event that is already running.
// Validation (zod) lives in src/templates; these types are what the interpreter workflow reads.
import type { CampaignTarget } from './campaign-types';

/** A text in both languages the product speaks; zh-CN is the one office staff read. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/**
 * A duration written the way organisers talk about it: "-21d", "3h", "1d12h", "30m", "5wd".
 * `wd` counts working days (Mon–Fri, skipping Chinese public holidays, counting make-up
 * working Saturdays/Sundays) and may not be mixed with other units.
 */
export type OffsetText = string;

/** Where a relative time is measured from. */
export type TimeAnchor = 'eventStart' | 'eventEnd' | 'stepStart';

export interface RelativeTime {
  anchor: TimeAnchor;
  /** Negative = before the anchor. "0" = at the anchor. */
  offset: OffsetText;
}

/**
 * Who does or signs something. Exactly one of the forms below.
 * - `{ organiser: true }` – the user who started the event.
 * - `{ role, unit }` – holders of a role in a unit. `unit` is a unit code or `$lead`
 *   (the template's lead department).
 * - `{ role: 'vice-chair', inChargeOf: '$lead' }` – the vice-chair 分管 the lead department.
 * - `{ role: 'chair' }` – the chair (主席).
 * - `{ user: 'username' }` – a named user.
 */
export type PartyRef =
  | { organiser: true }
  | { role: RoleCode; unit: string }
  | { role: 'vice-chair'; inChargeOf: string }
  | { role: 'chair' }
  | { user: string };

/**
 * - organiser: department staff who start and run events (发起人)
 * - department-head: 部门负责人; vice-chair: 副主席 (分管 some departments); chair: 主席
 * - district-liaison: a district federation's contact who acknowledges notices (联络员)
 * - district-chair: a district federation's chair, to whom unanswered notices escalate
 * - member-liaison: the contact in a member unit of the women & children committee, or an agency committee
 * - exec-member: a member of the executive committee (执委)
 * - admin: system administrator
 */
export type RoleCode =
  | 'organiser'
  | 'department-head'
  | 'vice-chair'
  | 'chair'
  | 'district-liaison'
  | 'district-chair'
  | 'member-liaison'
  | 'exec-member'
  | 'admin';

/** An audience for notices: whole groups of units, roles in units, or the event's participants. */
export type AudienceRef =
  | { unitGroup: UnitGroupCode }
  | { unit: string }
  | { role: RoleCode; unit: string }
  | { participants: true }
  | { organiser: true };

/**
 * - districts: the 38 district/county federations + 两江新区妇联 + 万盛经开区妇联 (40 units)
 * - agency-committees: 各机关妇委会
 * - exec-committee: members of the executive committee (执委)
 * - wcc-members: member units of the municipal government's women & children committee (M5)
 * - departments: the departments of the municipal federation office
 */
export type UnitGroupCode = 'districts' | 'agency-committees' | 'exec-committee' | 'wcc-members' | 'departments';

export type FormFieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'integer'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'select'
  | 'multiselect'
  | 'url'
  | 'list' // a list of short texts (names, links)
  | 'file' // uploaded files (附件): a list of AttachmentRef, see workflows/forms.ts
  | 'allocation'; // a campaign's 任务分解表: unit code → target key → figure, checked against the plan's figures

export interface FormField {
  key: string; // camelCase, unique within the form
  type: FormFieldType;
  label: LocalizedText;
  required?: boolean;
  /** number/integer bounds */
  min?: number;
  max?: number;
  /** text/textarea/list/file length bounds (characters; items for list; files for file) */
  minLength?: number;
  maxLength?: number;
  /** select/multiselect */
  options?: { value: string; label: LocalizedText }[];
  help?: LocalizedText;
  /**
   * Personal information (个人信息) the field holds: shown unmasked only to those entitled to it,
   * masked elsewhere, and never put into a message. The workflow ignores it.
   */
  personal?: PersonalDataKind;
  /** allocation: the targets to split and the units to split them among (the campaign's, at start). */
  allocation?: AllocationFieldSpec;
}

/** What an `allocation` field splits: each target among the units, by the target's allocation rule. */
export interface AllocationFieldSpec {
  targets: CampaignTarget[];
  units: { code: string; name: string }[];
}

/** id-number 身份证号, phone 电话, name 姓名 (children's too), contact: names and phones in one text. */
export const PERSONAL_DATA_KINDS = ['id-number', 'phone', 'name', 'contact'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export interface FormSpec {
  fields: FormField[];
}

/** Run a step only when an earlier step's form value matches. Skipped steps count as done. */
export interface StepCondition {
  step: string;
  field: string;
  equals?: string | number | boolean;
  notEquals?: string | number | boolean;
}

/** 依次 sequential: one approver after another, in the listed order.
 *  会签 all: every approver signs, in any order.
 *  或签 any: the first approver who signs decides for the level. */
export type SignOffMode = 'sequential' | 'all' | 'any';

export interface SignOffLevel {
  name: LocalizedText;
  mode: SignOffMode;
  approvers: PartyRef[];
  /** How long an approver may take before a reminder (催办); escalation comes after twice that. */
  sla?: OffsetText;
  /** 抄送: told once the level passed, and shown the step, without acting on it. */
  cc?: PartyRef[];
}

interface StepBase {
  id: string; // kebab-case, unique in the template
  name: LocalizedText;
  when?: StepCondition;
}

export interface TaskStep extends StepBase {
  type: 'task';
  assignee: PartyRef;
  due?: RelativeTime;
  form?: FormSpec;
  description?: LocalizedText;
  /** Where the form starts from instead of blank, e.g. the nominations units sent in their receipts. */
  prefill?: TaskPrefill;
  /**
   * Earlier task or report steps whose latest values the task page shows beside the form, read-only:
   * what the task is about (异议核查处理 shows the objections the 公示期 recorded).
   */
  shows?: string[];
}

/**
 * A task's starting values from the receipts of an earlier notice (回执): each acknowledged unit's
 * values merged — lists joined in the notice's unit order, numbers summed — and `count` fields
 * given the number of items in a receipt list. Only a starting point: the assignee edits and submits.
 */
export interface TaskPrefill {
  /** The notice step whose receipts feed the form. */
  fromReceipts: string;
  /** Form field key → receipt field key. */
  map?: Record<string, string>;
  /** Integer form field key → receipt list field key whose items are counted. */
  count?: Record<string, string>;
}

export interface ApprovalStep extends StepBase {
  type: 'approval';
  /** The task (or report) whose submission is being signed off; its completer is the submitter. */
  subject: string;
  /** Where a rejection sends the work back to; must be an earlier step. Defaults to `subject`. */
  onReject?: string;
  levels: SignOffLevel[];
}

export interface ReceiptSpec {
  /** Each recipient unit acknowledges (签收) by this time. */
  due: RelativeTime;
  /** Units that have not acknowledged by then are escalated after this further time. */
  escalateAfter?: OffsetText;
  /** Fields a receipt carries (e.g. 参会回执: names of attendees). */
  form?: FormSpec;
}

export interface NotifyStep extends StepBase {
  type: 'notify';
  audience: AudienceRef[];
  /** Message templates; placeholders: {{title}} {{startsAt}} {{endsAt}} {{venue}} {{templateName}}
   *  {{docNumber}} {{organiser}} and {{steps.<stepId>.<field>}} for earlier form values. */
  subject: LocalizedText;
  message: LocalizedText;
  /** An official notice (下发通知) gets a document number 渝妇发〔YYYY〕N号. */
  official?: boolean;
  receipt?: ReceiptSpec;
  /** 抄送: people (a unit's head, a leader) told once the notice is out, and shown it, without acting. */
  cc?: PartyRef[];
  /** How an official notice is typeset as a document (公文); without it, as a plain 通知. */
  document?: DocumentSpec;
}

/** The layout of an official notice's PDF, and what it reads from earlier steps beyond its message. */
export interface DocumentSpec {
  kind: 'notice' | 'decision' | 'meeting-notice';
  /** A decision's lists (e.g. 三八红旗手名单), each from a list field of an earlier step. */
  lists?: { heading: LocalizedText; from: { step: string; field: string } }[];
  /** A meeting notice's agenda, from a field of an earlier step (one item per line or list entry). */
  agenda?: { step: string; field: string };
}

export interface WaitStep extends StepBase {
  type: 'wait';
  until: RelativeTime;
}

export interface ParallelStep extends StepBase {
  type: 'parallel';
  /** Each branch is a sequence of steps; the group joins when every branch is done. */
  branches: { name: LocalizedText; steps: Step[] }[];
}

export interface ReportStep extends StepBase {
  type: 'report';
  assignee: PartyRef;
  due: RelativeTime; // normally anchored on eventEnd
  /** Extra fields on top of the standard report form (participants, units covered, outcomes, figures, materials). */
  form?: FormSpec;
  /** The report's own sign-off; after it passes, the event is archived. */
  signOff: { levels: SignOffLevel[] };
}

export type Step = TaskStep | ApprovalStep | NotifyStep | WaitStep | ParallelStep | ReportStep;
export type StepType = Step['type'];

export interface ReminderPolicy {
  /** Before the event, to participants and owners of open tasks, e.g. ["-7d", "-1d"]. */
  beforeEvent?: OffsetText[];
  /** Default SLA for tasks (reminder), escalation after twice this. */
  taskSla?: OffsetText;
  /** Default SLA for sign-offs. */
  signOffSla?: OffsetText;
}

export interface EventTemplate {
  code: string; // e.g. 'childrens-day-sorting'
  version: number; // positive integer; immutable once an event has used it
  name: LocalizedText;
  description?: LocalizedText;
  /**
   * `campaign-task`: a piece of a campaign's work run as an event (任务分解, 考核结果), generated from
   * the campaign template: it has no closing report and is archived when its steps are done.
   */
  kind: 'activity' | 'meeting' | 'campaign-task';
  /** Unit code of the lead department, e.g. 'dept-family-children'. */
  leadDepartment: string;
  /** Default length of the event day(s), e.g. "4h" or "2d". */
  defaultDuration: OffsetText;
  /** A template code whose event must be archived (or at least past a step) before this one may be held. */
  dependsOn?: { template: string; step?: string };
  reminders?: ReminderPolicy;
  /** Values this template hands on to later events (A1's honourees), by the name readers use. */
  provides?: Record<string, ProvidedValue>;
  /** Values this template's events copy at start from an earlier event of another template. */
  reads?: ReadValue[];
  steps: Step[];
}

/** A form field of one step, final once the event is past `after` (the decision issued, not drafted). */
export interface ProvidedValue {
  step: string;
  field: string;
  after: string;
}

/** Copied at start from the latest event of `from` past its `after` step, into the form an `into` task starts from. */
export interface ReadValue {
  from: string;
  value: string;
  into: { step: string; field: string };
}
