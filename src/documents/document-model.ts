// What each official document says, as plain data: the services gather it from the read model and
// the template, the PDF layouts (src/documents/pdf) typeset it. Dates are ISO instants; a layout
// shows them as China-local dates (2027年2月3日). Nothing here is localised: documents are Chinese.

/** The parts every 红头文件 shares, as the seed's 渝妇发〔2020〕9号 shows them. */
export interface OfficialDocumentBase {
  /** The red header: 重庆市妇女联合会文件. */
  header: string;
  /** 渝妇发〔2027〕12号; null for a document that carries no number. */
  docNumber: string | null;
  /** 关于……的通知 */
  title: string;
  /** 主送, ending with its colon: 各区县(自治县)妇联，两江新区、万盛经开区妇联；各机关妇委会： */
  addressees: string;
  /** The body, one entry per paragraph (the layout indents each by two characters). */
  body: string[];
  /** 附件: the names of the attachments, in order. */
  attachments: string[];
  /** 落款: 重庆市妇女联合会 */
  issuer: string;
  /** The date under the 落款. */
  issuedAt: string;
  /** 抄送 at the foot, when there is one. */
  copiedTo?: string;
  /** The 印发 line at the foot: 重庆市妇女联合会办公室, then the date and 印发. */
  printedBy: string;
}

export interface NoticeDocument extends OfficialDocumentBase {
  kind: 'notice';
  /** A campaign's targets given out (任务分解): the table as the notice's attachment. */
  allocation?: AllocationSheet;
}

/** 任务分解表: the header row, a row per unit, and the sums (合计). */
export interface AllocationSheet {
  title: string;
  columns: string[];
  rows: string[][];
  sums: string[];
}

/** A decision of commendation (表彰决定): the body, then each list of the honoured. */
export interface DecisionDocument extends OfficialDocumentBase {
  kind: 'decision';
  lists: { heading: string; names: string[] }[];
}

/** A meeting notice: time, place and agenda in the body's order, and a blank 回执 to return. */
export interface MeetingNoticeDocument extends OfficialDocumentBase {
  kind: 'meeting-notice';
  meeting: { startsAt: string; endsAt: string; venue: string | null };
  agenda: string[];
  /** The 回执 as a form to fill in: its title, the columns, and when it is due. */
  receipt: { title: string; fields: string[]; dueAt: string | null } | null;
}

/** The post-event report (活动总结) as it was signed off and archived. */
export interface ReportDocument {
  kind: 'report';
  header: string;
  title: string;
  eventTitle: string;
  templateName: string;
  leadUnit: string;
  organiser: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  author: string;
  /** The report's own form as submitted: label and value, in the form's order. */
  fields: { label: string; value: string }[];
  /** What the workflow knows beside the form: units notified and acknowledged, documents issued… */
  facts: { label: string; value: string }[];
  /** Who did each task of the event, in order. */
  tasks: { step: string; by: string; at: string }[];
  /** The report's sign-off: each level, who decided, when, and the opinion. */
  signOffs: { level: string; by: string; decision: string; at: string; comment: string | null }[];
  /** Present once archived: the PDF carries the record's hash and the archive date. */
  archive: { archivedAt: string; sha256: string } | null;
}

/** The year's summary (年度工作总结素材): every event of the year and its figures. */
export interface YearSummaryDocument {
  kind: 'year-summary';
  header: string;
  year: number;
  /** When the summary was drawn up (it is material for the summary, not a frozen record). */
  generatedAt: string;
  totals: { label: string; value: string }[];
  events: {
    title: string;
    templateName: string;
    leadUnit: string;
    startsAt: string;
    endsAt: string;
    status: string;
    documents: string[];
    receipts: { acknowledged: number; late: number; missing: number };
    figures: { label: string; value: string }[];
  }[];
  /** Receipt punctuality per district: acknowledged on time, late, missing. */
  districts: { unit: string; onTime: number; late: number; missing: number }[];
  /** The plan's targets the year's campaigns track, with the city's figures so far. */
  targets: { campaign: string; target: string; planFigure: string; allocated: string; done: string; completion: string; standing: string }[];
}

export type DocumentData = NoticeDocument | DecisionDocument | MeetingNoticeDocument | ReportDocument | YearSummaryDocument;
export type DocumentKind = DocumentData['kind'];

/** The header of every document the federation issues. */
export const FEDERATION_HEADER = '重庆市妇女联合会文件';
export const FEDERATION = '重庆市妇女联合会';
export const FEDERATION_OFFICE = '重庆市妇女联合会办公室';
