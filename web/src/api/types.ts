// The API's shapes under the names the web app uses. Every one is taken from schema.d.ts, which is
// generated from the server's OpenAPI document (`npm run api-types`): a field renamed or retyped on
// the server breaks the web app's build, not its pages.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Localized = Schemas['LocalizedTextDto'];
export type Person = Schemas['PersonDto'];

export type SessionUser = Schemas['SessionUserDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type RoleCode = Schemas['RoleGrantDto']['role'];
export type Unit = Schemas['UnitDto'];
/** Someone in the directory (GET /api/org/users). */
export type DirectoryUser = Schemas['UserRefDto'];

export type Template = Schemas['TemplateDto'];
/** A template in GET /api/templates: its steps as an outline, and who starts it when not 发起活动. */
export type TemplateSummary = Schemas['TemplateSummaryDto'];
export type StepOutline = Schemas['StepOutlineDto'];
export type TemplateStep = Schemas['TemplateStepDto'];
export type FormSpec = Schemas['FormSpecDto'];
export type FormField = Schemas['FormFieldDto'];
export type FieldType = FormField['type'];

export type EventSummary = Schemas['EventSummaryDto'];
export type EventStatus = EventSummary['status'];
export type EventPage = Schemas['EventPageDto'];
export type EventDetail = Schemas['EventDetailDto'];
/** How much of the event's content the API gave this user (its access policy decides). */
export type EventVisibility = Schemas['EventVisibilityDto'];
export type EventState = Schemas['EventStateDto'];
export type StepState = Schemas['StepStateDto'];
/** A task as the event's state holds it (活动详情). */
export type EventTask = Schemas['TaskStateDto'];
export type NoticeState = Schemas['NoticeStateDto'];
export type ReceiptState = Schemas['ReceiptStateDto'];
export type AuditEntry = Schemas['AuditEntryDto'];
export type EventSchedule = Schemas['EventScheduleDto'];
export type ScheduleMove = Schemas['MovedDto'];
export type ReschedulePreview = Schemas['ReschedulePreviewDto'];
export type ReceiptRollup = Schemas['ReceiptRollupDto'];

/** A row of the inbox (待办). */
export type TaskRow = Schemas['TaskRowDto'];
export type TaskPage = Schemas['TaskPageDto'];
/** One task with its form, or, for a sign-off, the submission it is about. */
export type TaskDetail = Schemas['TaskDetailDto'];
/** Someone a task can be handed to now (GET /api/tasks/{id}/delegates). */
export type DelegateCandidate = Schemas['DelegateCandidateDto'];

export type MyNotice = Schemas['MyNoticeDto'];
/** A file uploaded to a task or a receipt (附件), as the API describes it. */
export type AttachmentMeta = Schemas['AttachmentMetaDto'];
/** What batch 签收 answers: per receipt, taken or why not. */
export type BatchAcknowledgeResult = Schemas['BatchAcknowledgeResultDto'];
/** One message of the in-app inbox (站内消息). */
export type Notification = Schemas['InboxItemDto'];
export type NotificationPage = Schemas['InboxPageDto'];
/** 通知设置: each kind's email switch (the in-app inbox always has every kind). */
export type NotificationSettings = Schemas['NotificationSettingsViewDto'];

/** Every refusal's body: the code, the message in both languages, and the fields at fault. */
export type ErrorResponse = Schemas['ErrorResponseDto'];
export type ApiErrorCode = Schemas['ApiErrorCode'];
export type FieldProblem = Schemas['FieldProblemDto'];
/** 加签 and 抄送 (POST /api/tasks/{id}/add-signer, /cc); 抄送我的, 我发起的, 我提交的. */
export type AddSignerRequest = Schemas['AddSignerDto'];
export type CcRequest = Schemas['CcDto'];
export type CcResult = Schemas['CcResultDto'];
export type CcItem = Schemas['CcItemDto'];
export type CcPage = Schemas['CcPageDto'];
export type StartedEvent = Schemas['StartedEventDto'];
export type StartedPage = Schemas['StartedPageDto'];
export type Submission = Schemas['SubmissionDto'];
export type SubmissionPage = Schemas['SubmissionPageDto'];
/** 年度工作总结素材 (GET /api/years/{year}/summary): the year's events and what they add up to. */
export type YearSummary = Schemas['YearSummaryDto'];
export type YearEvent = Schemas['YearEventDto'];
/** A target of the plan that one of the year's campaigns tracks, with the city's figures so far. */
export type YearTarget = Schemas['YearTargetDto'];
export type ReceiptCounts = Schemas['ReceiptCountsDto'];
/** 工作日历 (GET /api/calendar): a year's holidays and 调休 working days, and what a change moved. */
export type CalendarYear = Schemas['CalendarYearDto'];
export type CalendarDay = Schemas['CalendarDayDto'];
export type CalendarChangeOutcome = Schemas['CalendarChangeOutcomeDto'];
/** 归档记录 (GET /api/archive/{eventId}, /verify): the frozen record's hash, and every hash recomputed. */
export type ArchiveSummary = Schemas['ArchiveSummaryDto'];
export type ArchiveVerification = Schemas['ArchiveVerificationDto'];
export type ReportFact = Schemas['ReportFactDto'];
/** 时代女性榜: the monthly selection's Schedule and the months run (GET /api/selections/women-list). */
export type WomenListSchedule = Schemas['WomenListScheduleDto'];
