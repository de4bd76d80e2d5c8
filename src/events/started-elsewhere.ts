// The one rule for templates that nobody starts by hand in 发起活动 (POST /api/events): something else
// starts their events, with facts a hand start would not have. Each answer says who starts it instead.
import type { CampaignTemplate } from '../../workflows/campaign-types';
import type { EventTemplate, LocalizedText } from '../../workflows/template-types';
import { DomainError } from '../common/domain-error';
import { WOMEN_LIST_TEMPLATE } from '../selections/women-list-schedule';

interface StartedBy {
  /** Whole sentences after the template's code. */
  zh: string;
  en: string;
  /** The short form beside the templateCode field. */
  field: LocalizedText;
}

/** Who starts the template's events, if not an organiser in 发起活动. */
export function startedElsewhere(template: EventTemplate, campaigns: readonly CampaignTemplate[]): StartedBy | undefined {
  // 任务分解 and the like run inside their campaign, which starts them with its own units and figures.
  if (template.kind === 'campaign-task') {
    return { zh: '由目标管理活动自动发起，不能单独发起', en: 'is started by its campaign, not on its own', field: { 'zh-CN': '由目标管理活动发起', en: 'started by its campaign' } };
  }
  // A district's own activity is led by the district and belongs to its campaign's page.
  if (campaigns.some((c) => c.districtActivity === template.code)) {
    return {
      zh: '由区县妇联在目标管理活动的本单位页面发起',
      en: 'is started by a district from its campaign page',
      field: { 'zh-CN': '由区县在目标管理活动中发起', en: 'started by a district in its campaign' },
    };
  }
  // The Schedule starts one list a month, its event id fixed by the month; a hand-started one would be
  // a second list that the Schedule's page counts as the month's run (so it could be neither skipped nor run).
  if (template.code === WOMEN_LIST_TEMPLATE) {
    return {
      zh: '由每月定时任务自动发起；某月未发起时，请管理员或宣传部负责人在“时代女性榜”页面补跑该月',
      en: "is started each month by its schedule; for a month that did not start, the administrator or the publicity department's head runs it (补跑) on the 时代女性榜 page",
      field: { 'zh-CN': '由每月定时任务发起', en: 'started by its monthly schedule' },
    };
  }
  return undefined;
}

/** Refuses a hand start of such a template with a 400 that says who starts it instead. */
export function refuseHandStart(template: EventTemplate, campaigns: readonly CampaignTemplate[]): void {
  const by = startedElsewhere(template, campaigns);
  if (!by) return;
  throw new DomainError('INVALID', `${template.code} ${by.zh}`, `templateCode: ${template.code} ${by.en}`, [{ field: 'templateCode', message: by.field }]);
}
