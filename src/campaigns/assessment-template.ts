// The year-end assessment's sign-off (考核结果审定) of a campaign, as an event the interpreter runs
// like the allocation: the lead department's organiser checks the computed table and may add a
// 考核说明, the campaign's sign-off levels approve it (退回 returns it to the organiser), and an
// official notice 考核结果通报 gives every unit the table. Generated at the close from the campaign
// template and the table the workflow computed, so the table is in the event's own texts: the
// task's form and the notice print it as it was signed off. No 签收: a 通报 asks nothing of the units.
import type { UnitAssessment } from '../../workflows/campaign-model';
import type { CampaignTemplate } from '../../workflows/campaign-types';
import type { EventTemplate, LocalizedText } from '../../workflows/template-types';
import { campaignUnitGroups } from './allocation-template';

export const assessmentTemplateCode = (campaignCode: string, year: number): string => `${campaignCode}-assessment-${year}`;

export const ASSESSMENT_STEP = 'review-assessment';
const APPROVAL_STEP = 'approve-assessment';
const NOTICE_STEP = 'issue-assessment';
const ASSESSMENT_DUE = '5wd';

/** The table as the task and the notice print it: one line per unit, best first. */
export function assessmentLines(table: readonly UnitAssessment[]): LocalizedText {
  const rows = [...table].sort((a, b) => a.rank - b.rank || a.unitCode.localeCompare(b.unitCode));
  const line = (r: UnitAssessment, lang: 'zh-CN' | 'en') =>
    lang === 'zh-CN'
      ? `第${r.rank}名 ${r.unitName} ${r.score}分（逾期${r.late}次，缺报${r.missing}次，扣${r.penalty}分）`
      : `${r.rank}. ${r.unitName} ${r.score} points (${r.late} late, ${r.missing} missing, ${r.penalty} off)`;
  return { 'zh-CN': rows.map((r) => line(r, 'zh-CN')).join('\n'), en: rows.map((r) => line(r, 'en')).join('\n') };
}

/** The assessment event's template for `template` in `year`, carrying the computed `table`. */
export function assessmentEventTemplate(template: CampaignTemplate, year: number, table: readonly UnitAssessment[]): EventTemplate {
  const name = { 'zh-CN': `${year}年${template.name['zh-CN']}`, en: `${template.name.en} (${year})` };
  const lines = assessmentLines(table);
  return {
    code: assessmentTemplateCode(template.code, year),
    version: template.version,
    name: { 'zh-CN': `${name['zh-CN']}考核结果审定`, en: `${name.en}: sign-off of the assessment` },
    description: {
      'zh-CN': `牵头部门核对${name['zh-CN']}的年度考核结果，经审批后以正式通知通报各单位。`,
      en: `The lead department checks the year-end assessment of ${name.en}; once signed off, an official notice reports it to the units.`,
    },
    kind: 'campaign-task',
    leadDepartment: template.leadDepartment,
    defaultDuration: '1d',
    steps: [
      {
        id: ASSESSMENT_STEP,
        type: 'task',
        name: { 'zh-CN': '核对考核结果', en: 'Check the assessment' },
        assignee: { organiser: true },
        due: { anchor: 'stepStart', offset: ASSESSMENT_DUE },
        form: {
          fields: [
            {
              key: 'note',
              type: 'textarea',
              label: { 'zh-CN': '考核说明', en: 'Notes on the assessment' },
              maxLength: 2000,
              // The computed table, read-only beside the one thing the organiser may add.
              help: {
                'zh-CN': `按考核细则计算的结果（不可修改）：\n${lines['zh-CN']}`,
                en: `The scores by the assessment rules (not editable):\n${lines.en}`,
              },
            },
          ],
        },
      },
      {
        id: APPROVAL_STEP,
        type: 'approval',
        name: { 'zh-CN': '考核结果审批', en: 'Sign off the assessment' },
        subject: ASSESSMENT_STEP,
        onReject: ASSESSMENT_STEP,
        levels: template.signOff.levels,
      },
      {
        id: NOTICE_STEP,
        type: 'notify',
        name: { 'zh-CN': '通报考核结果', en: 'Report the assessment' },
        audience: campaignUnitGroups(template),
        official: true,
        subject: { 'zh-CN': `关于${name['zh-CN']}考核结果的通报`, en: `The assessment of ${name.en}` },
        message: {
          'zh-CN': `现将${name['zh-CN']}年度考核结果通报如下：\n${lines['zh-CN']}`,
          en: `The year-end assessment of ${name.en} is as follows:\n${lines.en}`,
        },
      },
    ],
  };
}
