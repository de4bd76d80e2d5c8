// One entry for every document the federation issues or records: the data in, the PDF's bytes out.
// The same data always gives the same bytes (dates in the file come from the document itself).
import type { DocumentData } from '../document-model';
import { renderDecision, renderMeetingNotice, renderNotice } from './notice';
import { renderReport } from './report';
import { renderYearSummary } from './year-summary';

export function renderPdf(doc: DocumentData): Promise<Buffer> {
  switch (doc.kind) {
    case 'notice':
      return renderNotice(doc);
    case 'decision':
      return renderDecision(doc);
    case 'meeting-notice':
      return renderMeetingNotice(doc);
    case 'report':
      return renderReport(doc);
    case 'year-summary':
      return renderYearSummary(doc);
  }
}
