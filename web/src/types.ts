// The shapes the API answers with (see /api/docs), as far as the web app reads them.
export type Localized = { 'zh-CN': string; en: string };
export type Person = { id: string; displayName: string };

export type RoleCode =
  | 'chair'
  | 'vice-chair'
  | 'department-head'
  | 'organiser'
  | 'district-chair'
  | 'district-liaison'
  | 'member-liaison'
  | 'exec-member'
  | 'admin';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
  unitName: string;
  locale: 'zh-CN' | 'en';
  roles: { role: RoleCode; unitCode: string }[];
  inChargeOf: string[];
  /** An administrator set a temporary password: 修改密码 comes before anything else. */
  mustChangePassword: boolean;
}

export type EventStatus = 'active' | 'postponed' | 'cancelled' | 'archived';

export interface EventSummary {
  id: string;
  workflowId: string;
  templateCode: string;
  templateVersion: number;
  title: string;
  leadUnit: string;
  organiserId: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  participantIds: string[];
  status: EventStatus;
  currentStepIds: string[];
  postponedAt: string | null;
  cancelReason: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type FieldType = 'text' | 'textarea' | 'number' | 'integer' | 'date' | 'datetime' | 'boolean' | 'select' | 'multiselect' | 'url' | 'list';

export interface FormField {
  key: string;
  type: FieldType;
  label: Localized;
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  options?: { value: string; label: Localized }[];
  help?: Localized;
}

export interface FormSpec {
  fields: FormField[];
}

export interface TemplateStep {
  id: string;
  type: 'task' | 'approval' | 'notify' | 'wait' | 'parallel' | 'report';
  name: Localized;
  form?: FormSpec;
  receipt?: { form?: FormSpec };
  levels?: { name: Localized; mode: 'sequential' | 'all' | 'any' }[];
  branches?: { name: Localized; steps: TemplateStep[] }[];
  steps?: TemplateStep[];
}

export interface Template {
  code: string;
  version: number;
  name: Localized;
  description: Localized;
  kind: 'activity' | 'meeting';
  leadDepartment: string;
  defaultDuration: string;
  steps: TemplateStep[];
}

export interface StepState {
  id: string;
  type: string;
  name: Localized;
  parentId?: string;
  position: number;
  status: 'pending' | 'active' | 'done' | 'skipped' | 'cancelled';
  round: number;
  startedAt?: string;
  finishedAt?: string;
  /** When a wait step releases, or when a notice's receipts are due. */
  until?: string | null;
}

export interface TaskState {
  id: string;
  eventId?: string;
  eventTitle?: string;
  templateCode?: string;
  eventStartsAt?: string;
  stepId: string;
  kind: 'task' | 'sign-off' | 'report';
  round: number;
  name: Localized;
  status: 'open' | 'waiting' | 'completed' | 'approved' | 'rejected' | 'withdrawn' | 'closed' | 'cancelled';
  assignees: Person[];
  dueAt?: string | null;
  createdAt: string;
  closedAt?: string | null;
  actedBy?: Person | null;
  comment?: string | null;
  values?: Record<string, unknown> | null;
  level?: number | null;
  levelName?: Localized | null;
  mode?: string | null;
  submitterId?: string | null;
  submitter?: Person;
  subjectTaskId?: string;
  delegations?: { from: Person; to: Person; at: string; comment?: string }[];
}

export interface ReceiptState {
  unitCode: string;
  unitName: Localized | string;
  status: 'pending' | 'acknowledged';
  acknowledgedBy?: Person;
  acknowledgedAt?: string;
  late?: boolean;
  values?: Record<string, unknown>;
}

export interface NoticeState {
  stepId: string;
  round: number;
  noticeId: string;
  docNumber?: string;
  subject: string | Localized;
  issuedAt: string;
  recipientCount: number;
  receiptsDueAt?: string | null;
  receipts?: ReceiptState[];
}

export interface EventState {
  eventId: string;
  title: string;
  templateCode: string;
  templateVersion: number;
  leadUnit: string;
  organiser: Person;
  status: EventStatus;
  startsAt: string;
  endsAt: string;
  venue?: string | null;
  participants: Person[];
  steps: StepState[];
  tasks: TaskState[];
  notices: NoticeState[];
  values: Record<string, Record<string, unknown>>;
}

/** How much of the event's content the API gave this user (its access policy decides). */
export interface EventVisibility {
  details: 'all' | 'some' | 'none';
  stepsWithDetails: string[];
  receipts: 'all' | 'own' | 'status' | 'none';
  personalMasked: boolean;
}

export interface EventDetail {
  event: EventSummary;
  state: EventState;
  source: 'workflow' | 'read-model';
  /** Absent from an older server: then everything it sent is shown as it is. */
  visibility?: EventVisibility;
}

export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  stepId: string | null;
  taskId: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
}

export interface ScheduledReminder {
  id: string;
  kind: string;
  at: string;
  recipients: Person[];
  escalation: boolean;
  subject: Localized;
  taskId?: string;
  stepId?: string;
}

export interface ScheduledDeadline {
  id: string;
  kind: 'task' | 'wait' | 'receipts' | 'event-start' | 'event-end';
  at: string | null;
  name: Localized;
  who: Person[];
}

export interface EventSchedule {
  reminders: ScheduledReminder[];
  deadlines: ScheduledDeadline[];
  moved: { id: string; from: string | null; to: string | null }[];
}

export interface ReceiptRollup {
  stepId: string;
  docNumber?: string;
  subject: string | Localized;
  issuedAt: string;
  receiptsDueAt?: string | null;
  totals: { units: number; acknowledged: number; pending: number; overdue: number };
  units: {
    unitCode: string;
    unitName: Localized | string;
    status: 'acknowledged' | 'pending' | 'overdue';
    late: boolean;
    acknowledgedBy?: Person;
    acknowledgedAt?: string;
    values?: Record<string, unknown>;
  }[];
}

export interface MyNotice {
  noticeId: string;
  eventId: string;
  eventTitle: string;
  eventStatus: EventStatus;
  eventStartsAt: string;
  venue: string | null;
  templateCode: string;
  stepId: string;
  docNumber: string | null;
  subject: Localized | string;
  body: Localized | string;
  issuedAt: string;
  receiptsDueAt: string | null;
  unitCode: string;
  unitName: Localized;
  status: 'pending' | 'acknowledged';
  acknowledgedAt: string | null;
  late: boolean;
  values: Record<string, unknown> | null;
  receiptForm: FormSpec | null;
}

export interface Notification {
  id: string;
  eventId: string | null;
  stepId: string | null;
  kind: string;
  eventTitle: string | null;
  subject: Localized;
  body: Localized;
  createdAt: string;
  readAt: string | null;
}

export interface Unit {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  parentCode?: string;
}

/** Someone a task can be handed to now (GET /api/tasks/{id}/delegates). */
export interface DelegateCandidate {
  id: string;
  displayName: string;
  unitCode: string;
  unitName: Localized;
  roles: { role: string; unitCode: string }[];
}

export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
}
