// The allocation (任务分解) of a campaign, as an event the interpreter runs like any other: the lead
// department fills in the table (a row per unit, a column per target, the sums checked against the
// plan), the campaign's sign-off approves it, and an official notice with 签收 gives every unit its
// targets. Generated from the campaign template, never written by hand; its kind 'campaign-task'
// has no closing report, so the event is archived when the notice's receipts are in.
import { ALLOCATION_FIELD, ALLOCATION_STEP, type CampaignUnit } from '../../workflows/campaign-model';
import type { CampaignTarget, CampaignTemplate } from '../../workflows/campaign-types';
import type { AudienceRef, EventTemplate, LocalizedText } from '../../workflows/template-types';

/**
 * A year's allocation template: its code carries the year, so each year's table (its units as the
 * directory had them that year) is a version of its own in template_versions, and an event page of an
 * earlier year still shows that year's rows. There is one campaign per template and year.
 */
export const allocationTemplateCode = (campaignCode: string, year: number): string => `${campaignCode}-allocation-${year}`;

/** The campaign template and year an allocation template's code names; undefined for any other code. */
export function allocationCodeParts(code: string): { campaignCode: string; year: number } | undefined {
  const parts = /^(.+)-allocation-(\d{4})$/.exec(code);
  return parts ? { campaignCode: parts[1], year: Number(parts[2]) } : undefined;
}

const APPROVAL_STEP = 'approve-allocation';
const NOTICE_STEP = 'issue-targets';

// Working days, so that a holiday week does not eat the time: a week to draft the table, three
// days to sign for the notice, two more before the unit's chair is told.
const ALLOCATION_DUE = '5wd';
const RECEIPT_DUE = '3wd';
const RECEIPT_ESCALATION = '2wd';

const UNIT_GROUPS: Record<CampaignTemplate['units'][number], AudienceRef> = {
  districts: { unitGroup: 'districts' },
  'agency-committees': { unitGroup: 'agency-committees' },
};

/** The units a campaign's notices go to: its unit groups. */
export const campaignUnitGroups = (template: Pick<CampaignTemplate, 'units'>): AudienceRef[] => template.units.map((kind) => UNIT_GROUPS[kind]);

/** How a target's shares must add up, as the help under the table says it. */
function ruleText(target: CampaignTarget): LocalizedText {
  const figure = target.unit === '%' ? `${target.planFigure}%` : `${target.planFigure} ${target.unit}`;
  const name = target.name;
  switch (target.allocation) {
    case 'total':
      return { 'zh-CN': `${name['zh-CN']}：各单位合计须等于 ${figure}`, en: `${name.en}: the units must add up to exactly ${figure}` };
    case 'atLeast':
      return { 'zh-CN': `${name['zh-CN']}：各单位合计至少 ${figure}`, en: `${name.en}: the units must add up to at least ${figure}` };
    case 'each':
      return { 'zh-CN': `${name['zh-CN']}：每个单位均为 ${figure}`, en: `${name.en}: each unit is given ${figure}` };
  }
}

/** The allocation event's template for `template` in `year`, splitting its targets among `units`. */
export function allocationEventTemplate(template: CampaignTemplate, units: CampaignUnit[], year: number): EventTemplate {
  const name = { 'zh-CN': `${year}年${template.name['zh-CN']}`, en: `${template.name.en} (${year})` };
  const rules = template.targets.map(ruleText);
  return {
    code: allocationTemplateCode(template.code, year),
    version: template.version,
    name: { 'zh-CN': `${name['zh-CN']}任务分解`, en: `${name.en}: allocation of the targets` },
    description: {
      'zh-CN': `牵头部门将${name['zh-CN']}的各项指标分解到各单位，经审批后以正式通知下达，各单位签收。`,
      en: `The lead department splits the targets of ${name.en} among the units; once signed off, an official notice gives each unit its targets, and each unit acknowledges it.`,
    },
    kind: 'campaign-task',
    leadDepartment: template.leadDepartment,
    defaultDuration: '1d',
    steps: [
      {
        id: ALLOCATION_STEP,
        type: 'task',
        name: { 'zh-CN': '任务分解', en: 'Allocate the targets' },
        assignee: { organiser: true },
        due: { anchor: 'stepStart', offset: ALLOCATION_DUE },
        description: {
          'zh-CN': `为每个单位填写各项指标的任务数。${rules.map((r) => r['zh-CN']).join('；')}。`,
          en: `Give each unit its figure for every target. ${rules.map((r) => r.en).join('; ')}.`,
        },
        form: {
          fields: [
            {
              key: ALLOCATION_FIELD,
              type: 'allocation',
              label: { 'zh-CN': '任务分解表', en: 'Allocation table' },
              required: true,
              help: {
                'zh-CN': '每行一个单位，每列一项指标；列底显示合计与计划数，不符时标红，须改正后才能提交。',
                en: 'One row per unit, one column per target; the foot of each column shows its sum against the plan, in red when it does not fit, and the table cannot be sent until it does.',
              },
              allocation: { targets: template.targets, units: units.map((u) => ({ code: u.code, name: u.name })) },
            },
          ],
        },
      },
      {
        id: APPROVAL_STEP,
        type: 'approval',
        name: { 'zh-CN': '任务分解审批', en: 'Sign off the allocation' },
        subject: ALLOCATION_STEP,
        onReject: ALLOCATION_STEP,
        levels: template.signOff.levels,
      },
      {
        id: NOTICE_STEP,
        type: 'notify',
        name: { 'zh-CN': '下达目标任务', en: 'Issue the targets' },
        audience: campaignUnitGroups(template),
        official: true,
        subject: { 'zh-CN': `关于下达${name['zh-CN']}的通知`, en: `Notice of the targets of ${name.en}` },
        message: {
          'zh-CN': `现将${name['zh-CN']}分解下达给你单位（见任务分解表）。请对照任务数抓好落实，按要求按时报送进度，并在规定时间内签收本通知。`,
          en: `The targets of ${name.en} are hereby given to your unit (see the allocation table). Please carry them out, report your progress on time, and acknowledge this notice by the deadline.`,
        },
        receipt: { due: { anchor: 'stepStart', offset: RECEIPT_DUE }, escalateAfter: RECEIPT_ESCALATION },
      },
    ],
  };
}
