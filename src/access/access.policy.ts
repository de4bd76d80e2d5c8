// The one access policy: which subject may take which action. It is data — docs/SECURITY.md prints
// it (scripts/access-table.ts) and test/integration/access-matrix.spec.ts walks every route of the
// OpenAPI document against it — and `permits` is the only place that reads it.
import type { RoleCode } from '../../workflows/template-types';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { UNIT_CONTACT_ROLES } from '../org/org.constants';

/**
 * Who may act, beyond a role held in any unit:
 * - `anyone`: no token needed.
 * - `signed-in`: any valid token.
 * - `lead-staff`: an organiser or the head of the department that leads the template or event.
 * - `lead-head`: the head of the department that leads the event or campaign.
 * - `event-organiser`: the person who started the event.
 * - `event-manager`: the organiser, the lead department's organisers and head, the vice-chair in
 *   charge (分管) of the lead department; for a district's own activity (a campaign's), the people
 *   who answer for that district (its liaison and chair), and no other district's.
 * - `event-processor`: the organiser and the lead department's organisers and head — the office
 *   that processes what units send (not the leaders above it).
 * - `overseer`: the federation's leaders, chair and vice-chairs, over every event.
 * - `step-participant`: takes part in that step — an assignee, actor, submitter or delegate of its
 *   tasks, or an approver of a sign-off about it.
 * - `task-party`: the task's assignees, whoever acted on it, its submitter.
 * - `task-assignee` / `task-submitter`: as the live workflow state has them (checked there; for
 *   抄送 the submitter is also whoever completed a work task, checked here too).
 * - `unit-contact`: the unit's contact (a district's liaison, a department's head, …; UNIT_CONTACT_ROLES).
 * - `unit-member`: answers for the unit in question (its contact role — liaison, head, chair — or a
 *   district federation's chair).
 * - `owner`: the thing is the caller's own (a notification addressed to them).
 * - `cc-recipient`: was copied (抄送) on the step in question.
 * - `data-writer`: wrote the values in question (the unit for a receipt, the actor for a form).
 */
export const RELATIONS = [
  'anyone',
  'signed-in',
  'lead-staff',
  'lead-head',
  'event-organiser',
  'event-manager',
  'event-processor',
  'overseer',
  'step-participant',
  'task-party',
  'task-assignee',
  'task-submitter',
  'unit-contact',
  'unit-member',
  'data-writer',
  'owner',
  'cc-recipient',
] as const;
export type Relation = (typeof RELATIONS)[number];
export type Subject = Relation | RoleCode;

export interface PolicyRule {
  /** Any one of these suffices. */
  allow: readonly Subject[];
  what: string;
  /**
   * `workflow`: the relation lives in the event's live state (who is assigned now, a notice's
   * liaisons), so the workflow's update validator decides, and the history never holds a forbidden
   * action. The API only requires a signed-in caller.
   */
  enforcedIn?: 'workflow';
  /** What happens to a caller without it: refused (403), or the thing is hidden (404), or the content withheld. */
  otherwise: 'refused' | 'not-found' | 'withheld';
}

export const ACCESS_POLICY = {
  'auth.sign-in': { allow: ['anyone'], what: 'sign in', otherwise: 'refused' },
  'system.health': { allow: ['anyone'], what: 'health probe', otherwise: 'refused' },
  'web.config': { allow: ['anyone'], what: "the web app's settings (where the Temporal UI is)", otherwise: 'refused' },
  'calendar.feed': { allow: ['anyone'], what: 'a private calendar feed; the token in its URL is the credential', otherwise: 'not-found' },
  'me.session': { allow: ['signed-in'], what: 'own account: who am I, log out, change password', otherwise: 'refused' },
  'me.notifications': { allow: ['signed-in'], what: 'own in-app notifications: list, unread count, mark all read', otherwise: 'refused' },
  'notification.mark-read': { allow: ['owner'], what: "mark one notification read; another person's is answered 404", otherwise: 'not-found' },
  'me.channels': { allow: ['signed-in'], what: 'own email channel', otherwise: 'refused' },
  'me.notification-settings': { allow: ['signed-in'], what: 'own 通知设置: email on or off per kind of notification', otherwise: 'refused' },
  'me.calendar': { allow: ['signed-in'], what: 'own calendar feed URL', otherwise: 'refused' },
  'org.read': { allow: ['signed-in'], what: 'units and people to pick (names, roles, units; no contact data)', otherwise: 'refused' },
  'template.read': { allow: ['signed-in'], what: 'the templates (the annual plan is shared)', otherwise: 'refused' },
  'event.create': { allow: ['admin', 'lead-staff'], what: "start an event of one's own department", otherwise: 'refused' },
  'template.handoff-preview': {
    allow: ['admin', 'lead-staff'],
    what: 'before starting: the earlier event a template reads from (title, document number) and how many items it hands on',
    otherwise: 'refused',
  },
  'event.list': { allow: ['signed-in'], what: 'the list of events (summaries)', otherwise: 'refused' },
  'event.read-summary': {
    allow: ['signed-in'],
    what: "an event's summary and step outline: names, status, dates, who is assigned, notices issued",
    otherwise: 'refused',
  },
  'event.read-details': {
    allow: ['event-manager', 'overseer'],
    what: "every step's form values, sign-off comments and all units' receipt values",
    otherwise: 'withheld',
  },
  'step.read-details': {
    allow: ['step-participant', 'cc-recipient', 'event-manager', 'overseer'],
    what: "one step's form values and comments",
    otherwise: 'withheld',
  },
  'receipt.read-values': {
    allow: ['unit-member', 'event-manager', 'overseer'],
    what: "one unit's receipt (参会回执) and its values; other units' receipts are not listed",
    otherwise: 'withheld',
  },
  'personal.read': {
    allow: ['data-writer', 'event-processor'],
    what: 'form fields marked personal (ID number, phone, name), unmasked; everyone else who sees the form sees them masked',
    otherwise: 'withheld',
  },
  'event.oversee': {
    allow: ['event-manager', 'overseer', 'admin'],
    what: 'audit trail and schedule of reminders and deadlines (content in them as step.read-details says)',
    otherwise: 'refused',
  },
  'receipts.read': {
    allow: ['event-manager', 'overseer', 'admin'],
    what: "a notice's receipt roll-up over all units (values as receipt.read-values says)",
    otherwise: 'refused',
  },
  'event.manage': {
    allow: ['event-manager', 'admin'],
    what: 'reschedule, postpone, resume, cancel, urge (催办)',
    otherwise: 'refused',
  },
  'task.list': { allow: ['signed-in'], what: 'own inbox (待办): tasks assigned to the caller', otherwise: 'refused' },
  'task.read': {
    allow: ['task-party', 'event-manager', 'overseer', 'admin'],
    what: 'one task with its form or the submission signed off (content as step.read-details says)',
    otherwise: 'refused',
  },
  'task.act': {
    allow: ['task-assignee'],
    what: 'complete, approve (同意), reject (退回)',
    enforcedIn: 'workflow',
    otherwise: 'refused',
  },
  'task.withdraw': { allow: ['task-submitter'], what: 'withdraw a pending sign-off (撤回)', enforcedIn: 'workflow', otherwise: 'refused' },
  'task.delegate': {
    allow: ['task-assignee', 'admin'],
    what: 'hand a task on (转交), and list whom it can go to; the workflow checks the delegate may hold the level',
    enforcedIn: 'workflow',
    otherwise: 'refused',
  },
  'task.draft': {
    allow: ['task-assignee'],
    what: "keep, read back and discard one's own draft (草稿) of a task one holds; nobody reads another person's draft",
    otherwise: 'refused',
  },
  'attachment.upload': {
    allow: ['task-assignee', 'unit-contact'],
    what: "upload a file (附件) to an open task one is assigned, to one's unit's pending receipt, or to one's unit's campaign reports",
    otherwise: 'refused',
  },
  'attachment.read': {
    allow: ['data-writer', 'step-participant', 'cc-recipient', 'unit-member', 'event-manager', 'overseer'],
    what: "a file and its description: its uploader; once a submission names it, those who see that step's details (its people, those copied on it, the event's managers, the leaders) or that unit's receipt, and the recipients of a notice whose text names it; a campaign report's file, those who may open that unit's campaign page (campaign.read-unit)",
    otherwise: 'not-found',
  },
  'task.add-signer': {
    allow: ['task-assignee'],
    what: 'add a signer before or after oneself on an open sign-off (加签); the workflow checks the separation of duties',
    enforcedIn: 'workflow',
    otherwise: 'refused',
  },
  'task.cc': {
    allow: ['task-submitter', 'event-manager'],
    what: "copy people or units on a task's step (抄送), as its submitter (of the sign-off, or whoever completed the work task) or one of the event's managers: they may read it, not act on it; nobody is copied twice on a step, and a task at most 10 times a day",
    otherwise: 'refused',
  },
  'me.cc': { allow: ['signed-in'], what: 'own 抄送我的: the steps the caller was copied on', otherwise: 'refused' },
  'me.started': { allow: ['signed-in'], what: "own 我发起的: the events the caller started and the caller's submissions to sign-offs", otherwise: 'refused' },
  'notices.list': { allow: ['signed-in'], what: 'notices addressed to the units the caller answers for', otherwise: 'refused' },
  'notices.acknowledge-batch': {
    allow: ['signed-in'],
    what: 'batch 签收: several receipts at once, each decided as notice.acknowledge is and refused or taken on its own (the answer says which)',
    otherwise: 'refused',
  },
  'notice.acknowledge': {
    allow: ['unit-contact', 'admin'],
    what: "acknowledge (签收) a notice for one's unit, with the receipt's values",
    enforcedIn: 'workflow',
    otherwise: 'refused',
  },
  'notice.document': {
    allow: ['unit-member', 'owner', 'cc-recipient', 'event-manager', 'overseer', 'admin'],
    what: "a notice's document (公文 PDF): the units it addresses (their liaisons and chairs), the people it was delivered to, those copied on it, the event's managers, the leaders",
    otherwise: 'refused',
  },
  'unit.channels.read': { allow: ['unit-contact', 'admin'], what: "a unit's robots and webhooks (their URLs are credentials)", otherwise: 'refused' },
  'unit.channels.edit': { allow: ['unit-contact', 'admin'], what: "replace a unit's robots and webhooks", otherwise: 'refused' },
  'admin.dead-letters': { allow: ['admin'], what: 'failed deliveries, and retrying them', otherwise: 'refused' },
  'admin.sessions': { allow: ['admin'], what: "end a user's sessions", otherwise: 'refused' },
  'admin.lockouts': { allow: ['admin'], what: 'login lockouts, and lifting them', otherwise: 'refused' },
  'admin.passwords': { allow: ['admin'], what: "set a temporary password for another user (they must change it at next sign-in)", otherwise: 'refused' },
  'admin.self-check': { allow: ['admin'], what: 'run and read the system self-check', otherwise: 'refused' },
  'year.summary': {
    allow: ['overseer', 'department-head', 'organiser', 'admin'],
    what: "the year's summary (年度工作总结素材) of every event, as a page, .xlsx and PDF: the federation's own staff, not the districts (a liaison sees its own receipts in 通知签收)",
    otherwise: 'refused',
  },
  'working-calendar.read': { allow: ['signed-in'], what: '工作日历: the holidays and 调休 working days deadlines count by', otherwise: 'refused' },
  'working-calendar.edit': {
    allow: ['admin'],
    what: "change the 工作日历 (a day, or a whole year's notice); running events re-plan their pending working-day deadlines",
    otherwise: 'refused',
  },
  'archive.read': {
    allow: ['signed-in'],
    what: "an archived event's or campaign's record hash and its verification (校验): hashes and file names, no content; as the event's or campaign's summary",
    otherwise: 'refused',
  },
  'archive.report': {
    allow: ['event-manager', 'overseer', 'admin'],
    what: "the archived report's PDF: the report's values, who did each task, the sign-off opinions",
    otherwise: 'refused',
  },
  'campaign.create': {
    allow: ['admin', 'lead-staff'],
    what: "start a campaign (目标管理) of one's own department from a campaign template, one per template and year",
    otherwise: 'refused',
  },
  'campaign.list': { allow: ['signed-in'], what: "the year's campaigns with their status and report counts: of every unit to the federation's staff, of one's own units to a district; the completion figures to the staff only", otherwise: 'refused' },
  'campaign.read-summary': {
    allow: ['signed-in'],
    what: "a campaign's status, targets with the plan's figures, reporting periods and allocation event; the whole allocation (任务分解表), as every unit received it in the official notice",
    otherwise: 'refused',
  },
  'campaign.read-all': {
    allow: ['overseer', 'department-head', 'organiser', 'admin'],
    what: "every unit's figures: the roll-up (进度汇总) and its .xlsx, the assessment (年度考核); the federation's staff, not the districts",
    otherwise: 'refused',
  },
  'campaign.read-unit': {
    allow: ['unit-member', 'overseer', 'department-head', 'organiser', 'admin'],
    what: "one unit's campaign page: its targets, its reports with their revisions, the 催办/督办 it was sent; a district sees its own only",
    otherwise: 'refused',
  },
  'campaign.report': {
    allow: ['unit-contact', 'admin'],
    what: "send one's unit's progress report (进度报告) for a period, or correct it; the workflow checks the figures",
    otherwise: 'refused',
  },
  'campaign.start-activity': {
    allow: ['unit-contact', 'admin'],
    what: "start one's unit's own activity (本单位活动) in a running campaign, from the campaign's district template: the district's liaison (its organiser for now) or the admin; the event is led by the unit",
    otherwise: 'refused',
  },
  'campaign.cancel': { allow: ['lead-head', 'overseer', 'admin'], what: 'cancel a campaign with a reason: its units stop reporting', otherwise: 'refused' },
  'selection.read': {
    allow: ['overseer', 'department-head', 'organiser', 'admin'],
    what: "the monthly 时代女性榜's Schedule: paused or not, the coming runs, the skipped months, the months run with their events",
    otherwise: 'refused',
  },
  'selection.manage': {
    allow: ['lead-head', 'admin'],
    what: "enable, pause (暂停), resume (恢复) the monthly 时代女性榜's Schedule, skip a month (跳过) and run a missed one (补跑): the Publicity Department's head and the admin",
    otherwise: 'refused',
  },
} as const satisfies Record<string, PolicyRule>;

export type Action = keyof typeof ACCESS_POLICY;

/**
 * Every route of the API and the action it asks. The matrix test fails for a route of the OpenAPI
 * document that is missing here, so a new route cannot ship without a decision.
 */
export const ROUTE_ACTIONS: Record<string, Action> = {
  'POST /api/auth/login': 'auth.sign-in',
  'GET /api/auth/me': 'me.session',
  'POST /api/auth/logout': 'me.session',
  'POST /api/auth/password': 'me.session',
  'GET /api/auth/lockouts': 'admin.lockouts',
  'DELETE /api/auth/lockouts/{username}': 'admin.lockouts',
  'POST /api/users/{id}/sessions/revoke': 'admin.sessions',
  'POST /api/users/{id}/password': 'admin.passwords',
  'GET /health': 'system.health',
  'GET /api/web/config': 'web.config',
  'POST /api/system/self-check': 'admin.self-check',
  'GET /api/system/self-check/{workflowId}': 'admin.self-check',
  'GET /api/org/units': 'org.read',
  'GET /api/org/users': 'org.read',
  'GET /api/templates': 'template.read',
  'GET /api/templates/{code}': 'template.read',
  'GET /api/templates/{code}/handoff': 'template.handoff-preview',
  'POST /api/events': 'event.create',
  'GET /api/events': 'event.list',
  'GET /api/events/{id}': 'event.read-summary',
  'GET /api/events/{id}/audit': 'event.oversee',
  'GET /api/events/{id}/schedule': 'event.oversee',
  'GET /api/events/{id}/notices/{stepId}/receipts': 'receipts.read',
  'GET /api/events/{id}/notices/{stepId}/receipts.xlsx': 'receipts.read',
  'GET /api/events/{id}/notices/{stepId}/nominations.xlsx': 'receipts.read',
  'GET /api/events/{id}/audit.xlsx': 'event.oversee',
  'POST /api/events/{id}/urge': 'event.manage',
  'POST /api/events/{id}/reschedule': 'event.manage',
  'POST /api/events/{id}/reschedule/preview': 'event.manage',
  'POST /api/events/{id}/postpone': 'event.manage',
  'POST /api/events/{id}/resume': 'event.manage',
  'POST /api/events/{id}/cancel': 'event.manage',
  'POST /api/events/{id}/notices/{stepId}/acknowledge': 'notice.acknowledge',
  'GET /api/tasks': 'task.list',
  'GET /api/tasks/{id}': 'task.read',
  'POST /api/tasks/{id}/complete': 'task.act',
  'POST /api/tasks/{id}/approve': 'task.act',
  'POST /api/tasks/{id}/reject': 'task.act',
  'POST /api/tasks/{id}/withdraw': 'task.withdraw',
  'GET /api/tasks/{id}/delegates': 'task.delegate',
  'POST /api/tasks/{id}/delegate': 'task.delegate',
  'POST /api/tasks/{id}/add-signer': 'task.add-signer',
  'POST /api/tasks/{id}/cc': 'task.cc',
  'GET /api/me/cc': 'me.cc',
  'GET /api/me/started': 'me.started',
  'GET /api/me/submissions': 'me.started',
  'GET /api/tasks/{id}/draft': 'task.draft',
  'PUT /api/tasks/{id}/draft': 'task.draft',
  'DELETE /api/tasks/{id}/draft': 'task.draft',
  'GET /api/notices': 'notices.list',
  'GET /api/events/{id}/notices/{stepId}/document.pdf': 'notice.document',
  'POST /api/events/{id}/attachments': 'attachment.upload',
  'GET /api/attachments/{id}': 'attachment.read',
  'GET /api/attachments/{id}/meta': 'attachment.read',
  'POST /api/notices/acknowledge': 'notices.acknowledge-batch',
  'GET /api/notifications': 'me.notifications',
  'GET /api/notifications/unread-count': 'me.notifications',
  'POST /api/notifications/read-all': 'me.notifications',
  'POST /api/notifications/{id}/read': 'notification.mark-read',
  'GET /api/notifications/dead-letters': 'admin.dead-letters',
  'POST /api/notifications/dead-letters/{id}/retry': 'admin.dead-letters',
  'GET /api/me/channels': 'me.channels',
  'PUT /api/me/channels': 'me.channels',
  'GET /api/me/notification-settings': 'me.notification-settings',
  'PUT /api/me/notification-settings': 'me.notification-settings',
  'GET /api/units/{code}/channels': 'unit.channels.read',
  'PUT /api/units/{code}/channels': 'unit.channels.edit',
  'GET /api/me/calendar': 'me.calendar',
  'POST /api/me/calendar/reset': 'me.calendar',
  'GET /api/calendar/{token}.ics': 'calendar.feed',
  'GET /api/archive/{eventId}': 'archive.read',
  'GET /api/archive/{eventId}/verify': 'archive.read',
  'GET /api/archive/{eventId}/report.pdf': 'archive.report',
  'GET /api/years/{year}/summary': 'year.summary',
  'GET /api/years/{year}/summary.xlsx': 'year.summary',
  'GET /api/years/{year}/summary.pdf': 'year.summary',
  'GET /api/calendar': 'working-calendar.read',
  'PUT /api/calendar/days/{date}': 'working-calendar.edit',
  'DELETE /api/calendar/days/{date}': 'working-calendar.edit',
  'PUT /api/calendar/years/{year}': 'working-calendar.edit',
  'GET /api/campaign-templates': 'template.read',
  'POST /api/campaigns': 'campaign.create',
  'GET /api/campaigns': 'campaign.list',
  'GET /api/campaigns/{id}': 'campaign.read-summary',
  'GET /api/campaigns/{id}/record/verify': 'archive.read',
  'GET /api/campaigns/{id}/rollup': 'campaign.read-all',
  'GET /api/campaigns/{id}/rollup.xlsx': 'campaign.read-all',
  'GET /api/campaigns/{id}/assessment': 'campaign.read-all',
  'GET /api/campaigns/{id}/units/{unitCode}': 'campaign.read-unit',
  'POST /api/campaigns/{id}/units/{unitCode}/reports': 'campaign.report',
  'POST /api/campaigns/{id}/units/{unitCode}/attachments': 'attachment.upload',
  'POST /api/campaigns/{id}/units/{unitCode}/activities': 'campaign.start-activity',
  'POST /api/campaigns/{id}/cancel': 'campaign.cancel',
  'GET /api/selections/women-list': 'selection.read',
  'POST /api/selections/women-list/enable': 'selection.manage',
  'POST /api/selections/women-list/pause': 'selection.manage',
  'POST /api/selections/women-list/resume': 'selection.manage',
  'POST /api/selections/women-list/skip': 'selection.manage',
  'POST /api/selections/women-list/unskip': 'selection.manage',
  'POST /api/selections/women-list/run': 'selection.manage',
};

/** What the policy needs to know about the thing asked for; a relation without its facts does not hold. */
export interface AccessResource {
  /** The event (or, for event.create, the template's lead department as leadUnit; for a campaign, its lead department and organiser). */
  event?: { organiserId?: string; leadUnit: string };
  /** People taking part in the step in question. */
  stepParticipantIds?: readonly string[];
  task?: { assigneeIds: readonly string[]; submitterId?: string | null; actedById?: string | null };
  /** The unit in question: a receipt's, or the unit whose channels are asked for. */
  unitCode?: string;
  /** Who wrote the values in question. */
  writerIds?: readonly string[];
  /** The values are a unit's (a receipt): its members count as their writers. */
  writerUnitCode?: string;
  /** Whose the thing is (a notification's recipient). */
  ownerId?: string;
  /** Who was copied (抄送) on the step in question. */
  ccRecipientIds?: readonly string[];
}

const ROLE_SET = new Set<string>(['organiser', 'department-head', 'vice-chair', 'chair', 'district-liaison', 'district-chair', 'member-liaison', 'exec-member', 'admin']);

const CONTACT_ROLES: readonly RoleCode[] = Object.values(UNIT_CONTACT_ROLES);

/** Roles that answer for their unit: each unit kind's contact (liaison, head, chair), and a district's chair. */
export const UNIT_MEMBER_ROLES: readonly RoleCode[] = [...new Set<RoleCode>([...Object.values(UNIT_CONTACT_ROLES), 'district-chair'])];

/** Units the user answers for (UNIT_MEMBER_ROLES). */
export function unitsAnsweredFor(user: Pick<AuthUser, 'roles'>): string[] {
  return [...new Set(user.roles.filter((g) => UNIT_MEMBER_ROLES.includes(g.role)).map((g) => g.unitCode))];
}

function holds(user: AuthUser | undefined, subject: Subject, r: AccessResource): boolean {
  if (subject === 'anyone') return true;
  if (!user) return false;
  if (ROLE_SET.has(subject)) return hasRole(user, subject as RoleCode);
  const lead = r.event?.leadUnit;
  const leadStaff = lead !== undefined && (hasRole(user, 'organiser', lead) || hasRole(user, 'department-head', lead));
  switch (subject as Relation) {
    case 'signed-in':
      return true;
    case 'lead-staff':
      return leadStaff;
    case 'lead-head':
      return lead !== undefined && hasRole(user, 'department-head', lead);
    case 'event-organiser':
      return r.event?.organiserId === user.id;
    case 'event-processor':
      return r.event?.organiserId === user.id || leadStaff;
    case 'event-manager':
      return r.event?.organiserId === user.id || leadStaff || (lead !== undefined && (user.inChargeOf.includes(lead) || unitsAnsweredFor(user).includes(lead)));
    case 'overseer':
      return hasRole(user, 'chair') || hasRole(user, 'vice-chair');
    case 'step-participant':
      return r.stepParticipantIds?.includes(user.id) ?? false;
    case 'task-party':
      return !!r.task && (r.task.assigneeIds.includes(user.id) || r.task.submitterId === user.id || r.task.actedById === user.id);
    case 'task-assignee':
      return r.task?.assigneeIds.includes(user.id) ?? false;
    case 'task-submitter':
      return r.task?.submitterId === user.id;
    case 'unit-contact':
      return r.unitCode !== undefined && user.roles.some((g) => g.unitCode === r.unitCode && CONTACT_ROLES.includes(g.role));
    case 'unit-member':
      return r.unitCode !== undefined && unitsAnsweredFor(user).includes(r.unitCode);
    case 'data-writer':
      return (r.writerIds?.includes(user.id) ?? false) || (r.writerUnitCode !== undefined && unitsAnsweredFor(user).includes(r.writerUnitCode));
    case 'owner':
      return r.ownerId === user.id;
    case 'cc-recipient':
      return r.ccRecipientIds?.includes(user.id) ?? false;
    default:
      return false;
  }
}

/** Does one of the rule's subjects hold for `user` on `resource` (whoever enforces it)? */
export function allowedBy(user: AuthUser | undefined, action: Action, resource: AccessResource = {}): boolean {
  const rule: PolicyRule = ACCESS_POLICY[action];
  return rule.allow.some((s) => holds(user, s, resource));
}

/** Does the API let `user` (undefined: no token) take `action` on `resource`? */
export function permits(user: AuthUser | undefined, action: Action, resource: AccessResource = {}): boolean {
  const rule: PolicyRule = ACCESS_POLICY[action];
  // What the workflow decides needs only a signed-in caller here; its validator refuses the rest.
  if (rule.enforcedIn === 'workflow') return user !== undefined;
  return allowedBy(user, action, resource);
}
