// Which shipped templates 发起活动 refuses, and what each refusal tells the user to do instead.
import { resolve } from 'node:path';
import { allocationEventTemplate } from '../../src/campaigns/allocation-template';
import { loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { DomainError } from '../../src/common/domain-error';
import { refuseHandStart, startedElsewhere } from '../../src/events/started-elsewhere';
import { loadTemplates } from '../../src/templates/template-loader';

const TEMPLATES = loadTemplates(resolve(__dirname, '../../templates'));
const CAMPAIGNS = loadCampaignTemplates(resolve(__dirname, '../../campaigns'), new Set(TEMPLATES.map((t) => t.code)));
const template = (code: string) => TEMPLATES.find((t) => t.code === code)!;

function refusal(code: string): DomainError {
  try {
    refuseHandStart(template(code), CAMPAIGNS);
  } catch (err) {
    return err as DomainError;
  }
  throw new Error(`${code} was not refused`);
}

describe('templates that are not started by hand', () => {
  it('lets organisers start the 13 annexed templates, and no other shipped one', () => {
    expect(TEMPLATES.filter((t) => !startedElsewhere(t, CAMPAIGNS)).map((t) => t.code)).toHaveLength(13);
    expect(TEMPLATES.filter((t) => startedElsewhere(t, CAMPAIGNS)).map((t) => t.code).sort()).toEqual(['district-campaign-activity', 'monthly-women-list']);
  });

  it('refuses the monthly 时代女性榜 with a 400 that names its schedule and 补跑, in Chinese and English', () => {
    const err = refusal('monthly-women-list');
    expect(err.code).toBe('INVALID');
    expect(err.message).toContain('由每月定时任务自动发起');
    expect(err.message).toContain('补跑');
    expect(err.message).toContain('is started each month by its schedule');
    expect(err.details).toEqual([{ field: 'templateCode', message: { 'zh-CN': '由每月定时任务发起', en: 'started by its monthly schedule' } }]);
  });

  it("refuses a district's activity and a campaign's allocation event, each naming who starts it", () => {
    expect(refusal('district-campaign-activity').message).toContain('由区县妇联在目标管理活动的本单位页面发起');
    const allocation = allocationEventTemplate(CAMPAIGNS[0], [{ code: 'district-yuzhong', name: '渝中区妇联' }], 2027);
    expect(startedElsewhere(allocation, CAMPAIGNS)?.zh).toBe('由目标管理活动自动发起，不能单独发起');
  });
});
