// The zod schema of a campaign template (目标管理): the shape mirrors workflows/campaign-types.ts, and
// the cross-field rules catch what an author gets wrong before the city splits a target among the
// districts — a target the weights forget, weights that do not make 100, report dates outside the span.
// Messages name the problem in Chinese and in English ("中文 / English"), as the API words its refusals.

import { z } from 'zod';
import type { AllTrue, Expect, MutuallyAssignable } from '../common/type-checks';
import type { AssessmentRules, CampaignTarget, CampaignTemplate, ReportingCalendar } from '../../workflows/campaign-types';
import { offsetSign, tryParseOffset } from '../../workflows/offsets';
import { describeIssues, SignOffLevelSchema, type TemplateIssue } from '../templates/template.schema';
import { LocalizedTextSchema } from '../templates/localized-text.schema';
import { both, CampaignTargetSchema } from './campaign-target.schema';

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2}-\d{2})$/;
// A leap year's calendar, so that "02-29" is a day a campaign may span.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const kebabCase = (zh: string, en: string) => z.string().regex(KEBAB_CASE, both(`${zh}须为 kebab-case，如 "dept-development"`, `${en} must be kebab-case, e.g. "dept-development"`));

function isMonthDay(text: string): boolean {
  const m = MONTH_DAY.exec(text);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
}

function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m || !isMonthDay(m[2])) return false;
  // 02-29 only in a leap year.
  const year = Number(m[1]);
  return m[2] !== '02-29' || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
}

const monthDay = z.string().refine(isMonthDay, both('须为不含年份的日期 MM-DD，如 "03-01"', 'must be a date without the year, MM-DD, e.g. "03-01"'));

/** A working-day or clock duration after an anchor; zero or negative would urge before anything is late. */
const positiveOffset = z.preprocess(
  (value) => (value === 0 ? '0' : value), // YAML reads an unquoted 0 as a number
  z.string().superRefine((text, ctx) => {
    const parsed = tryParseOffset(text);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: both(`时长 ${JSON.stringify(text)} 无法识别，应如 "5wd"、"3d"`, `Invalid offset ${JSON.stringify(text)}: expected e.g. "5wd", "3d" or "1d12h"`) });
    } else if (offsetSign(parsed) <= 0) {
      ctx.addIssue({ code: 'custom', message: both(`时长 ${JSON.stringify(text)} 须为正数，如 "5wd"`, `${JSON.stringify(text)} must be a positive duration, e.g. "5wd"`) });
    }
  }),
);

const nonNegative = (zh: string, en: string) => z.number().min(0, both(`${zh}不能为负数`, `${en} must not be negative`));

// ---------------------------------------------------------------------------------------------
// Building blocks (the target's own schema is in campaign-target.schema.ts)

export const ReportingCalendarSchema = z
  .strictObject({
    every: z.enum(['monthly', 'quarterly', 'dates']),
    dates: z.array(z.string().refine(isIsoDate, both('报送日期须为 YYYY-MM-DD', 'a reporting date must be YYYY-MM-DD'))).optional(),
    due: positiveOffset,
    urgeAfter: positiveOffset,
    superviseAfter: positiveOffset,
  })
  .superRefine((calendar, ctx) => {
    if (calendar.every === 'dates') {
      if (!calendar.dates?.length) {
        ctx.addIssue({ code: 'custom', path: ['dates'], message: both('按日期报送（every: dates）须列出报送日期', 'a "dates" calendar needs its dates') });
        return;
      }
      calendar.dates.forEach((date, i) => {
        const previous = calendar.dates![i - 1];
        if (i > 0 && isIsoDate(date) && isIsoDate(previous) && date <= previous) {
          ctx.addIssue({
            code: 'custom',
            path: ['dates', i],
            message: both(`报送日期须按先后排列且不重复：${date} 不晚于 ${previous}`, `reporting dates must be sorted and unique: ${date} is not after ${previous}`),
          });
        }
      });
    } else if (calendar.dates !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['dates'],
        message: both(`${calendar.every === 'monthly' ? '按月' : '按季'}报送不列日期（dates 仅用于 every: dates）`, `dates apply only to every: dates, not to ${calendar.every}`),
      });
    }
  });

export const AssessmentRulesSchema = z.strictObject({
  weights: z.record(z.string(), nonNegative('权重', 'a weight')),
  cap: z.number().min(1, both('完成度封顶（cap）不能小于 1', 'cap must be at least 1 (1 gives no credit beyond 100 %)')),
  latePenalty: nonNegative('迟报扣分（latePenalty）', 'latePenalty'),
  missingPenalty: nonNegative('漏报扣分（missingPenalty）', 'missingPenalty'),
  graceDays: z.number().int(both('宽限天数须为整数', 'graceDays must be a whole number')).min(0, both('宽限天数不能为负数', 'graceDays must not be negative')).optional(),
});

const UNIT_KINDS = ['districts', 'agency-committees'] as const;

export const CampaignTemplateSchema = z
  .strictObject({
    code: kebabCase('模板代码', 'the template code'),
    version: z.number().int().positive(),
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    leadDepartment: z
      .string()
      .regex(KEBAB_CASE, both('牵头部门（leadDepartment）须为单位代码（kebab-case），如 "dept-development"', 'leadDepartment must be a unit code (kebab-case), e.g. "dept-development"')),
    eventTemplate: kebabCase('活动模板代码', 'an event template code').optional(),
    units: z.array(z.enum(UNIT_KINDS)).min(1, both('须至少下达给一类单位', 'units lists at least one kind of unit')),
    period: z.strictObject({ from: monthDay, to: monthDay }),
    targets: z.array(CampaignTargetSchema).min(1, both('须至少有一项指标', 'a campaign needs at least one target')),
    reporting: ReportingCalendarSchema,
    districtActivity: kebabCase('区县活动模板代码', 'the district activity template code'),
    signOff: z.strictObject({ levels: z.array(SignOffLevelSchema).min(1, both('审批须至少有一级', 'a sign-off needs at least one level')) }),
    assessment: AssessmentRulesSchema,
  })
  .superRefine((template, ctx) => {
    const { period, targets, reporting, assessment } = template;
    const periodOk = isMonthDay(period.from) && isMonthDay(period.to);
    if (periodOk && period.from >= period.to) {
      ctx.addIssue({ code: 'custom', path: ['period', 'to'], message: both(`起止日期有误：结束 ${period.to} 须晚于开始 ${period.from}`, `period.to (${period.to}) must be after period.from (${period.from})`) });
    }

    const seen = new Set<string>();
    targets.forEach((target, i) => {
      if (seen.has(target.key)) {
        ctx.addIssue({ code: 'custom', path: ['targets', i, 'key'], message: both(`指标键 ${JSON.stringify(target.key)} 重复`, `duplicate target key ${JSON.stringify(target.key)}`) });
      }
      seen.add(target.key);
    });

    // Every report date falls inside the campaign's span (the year is the campaign's own).
    if (periodOk && reporting.every === 'dates') {
      reporting.dates?.forEach((date, i) => {
        const day = isIsoDate(date) ? ISO_DATE.exec(date)?.[2] : undefined;
        if (day && (day < period.from || day > period.to)) {
          ctx.addIssue({
            code: 'custom',
            path: ['reporting', 'dates', i],
            message: both(`报送日期 ${date} 不在活动期间 ${period.from} 至 ${period.to} 内`, `reporting date ${date} is outside the period ${period.from} to ${period.to}`),
          });
        }
      });
    }

    // 考核细则: each target weighed once, nothing weighed that is not a target, 100 points in all.
    for (const key of seen) {
      if (!(key in assessment.weights)) {
        ctx.addIssue({ code: 'custom', path: ['assessment', 'weights'], message: both(`指标 ${JSON.stringify(key)} 缺少权重`, `target ${JSON.stringify(key)} has no weight`) });
      }
    }
    for (const key of Object.keys(assessment.weights)) {
      if (!seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['assessment', 'weights', key], message: both(`权重 ${JSON.stringify(key)} 不对应任何指标`, `weight ${JSON.stringify(key)} names no target`) });
      }
    }
    const sum = Object.values(assessment.weights).reduce((a, b) => a + b, 0);
    // Weights like 33.3 may not add to exactly 100 in floating point.
    if (Math.abs(sum - 100) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['assessment', 'weights'], message: both(`各项权重之和须为 100，现为 ${sum}`, `the weights must add up to 100, not ${sum}`) });
    }
  });

// ---------------------------------------------------------------------------------------------
// Reporting

export type ParsedCampaignTemplate = { ok: true; template: CampaignTemplate } | { ok: false; issues: TemplateIssue[] };

/** Validates plain data (from YAML or an API body) as a campaign template. */
export function parseCampaignTemplate(data: unknown): ParsedCampaignTemplate {
  const result = CampaignTemplateSchema.safeParse(data);
  return result.success ? { ok: true, template: result.data } : { ok: false, issues: describeIssues(result.error.issues) };
}

/**
 * The rules that need the other templates: the event templates a campaign names must be loaded.
 * Kept apart from the schema so that an API body can be checked against the registry of the day.
 */
export function campaignReferenceProblems(template: CampaignTemplate, eventTemplateCodes: ReadonlySet<string>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const field of ['eventTemplate', 'districtActivity'] as const) {
    const code = template[field];
    if (code !== undefined && !eventTemplateCodes.has(code)) {
      issues.push({ path: field, message: both(`没有代码为 "${code}" 的活动模板`, `no event template with code "${code}" is loaded`) });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Compile-time guard: the schema and the workflow's types must describe the same data.

export type CampaignSchemaMirrorsTypes = Expect<
  AllTrue<
    [
      MutuallyAssignable<z.output<typeof CampaignTemplateSchema>, CampaignTemplate>,
      MutuallyAssignable<z.output<typeof CampaignTargetSchema>, CampaignTarget>,
      MutuallyAssignable<z.output<typeof ReportingCalendarSchema>, ReportingCalendar>,
      MutuallyAssignable<z.output<typeof AssessmentRulesSchema>, AssessmentRules>,
    ]
  >
>;
