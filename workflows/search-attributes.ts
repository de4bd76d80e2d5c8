// Search attributes that make events filterable in the Temporal Web UI and by list queries.
// Registered on the dev server at start-up; on a production cluster with `temporal operator
// search-attribute create` (see README).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TEMPLATE_CODE = defineSearchAttributeKey('FulianTemplateCode', SearchAttributeType.KEYWORD);
export const EVENT_STATUS = defineSearchAttributeKey('FulianEventStatus', SearchAttributeType.KEYWORD);
export const EVENT_DATE = defineSearchAttributeKey('FulianEventDate', SearchAttributeType.DATETIME);
export const LEAD_UNIT = defineSearchAttributeKey('FulianLeadUnit', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [TEMPLATE_CODE, EVENT_STATUS, EVENT_DATE, LEAD_UNIT];
