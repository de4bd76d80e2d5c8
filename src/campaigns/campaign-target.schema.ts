// A campaign's target (指标) as a template writes it: read by the campaign template schema and by the
// event template schema (an `allocation` field carries the targets it splits), so it imports neither.
import { z } from 'zod';
import { TARGET_UNITS } from '../../workflows/campaign-types';
import { LocalizedTextSchema } from '../templates/localized-text.schema';

const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

/** A message in both languages, the way the campaign schemas word their refusals. */
export const both = (zh: string, en: string): string => `${zh} / ${en}`;

export const CampaignTargetSchema = z
  .strictObject({
    key: z.string().regex(CAMEL_CASE, both('指标键须为 camelCase，如 "povertyWorkshops"', 'a target key must be camelCase, e.g. "povertyWorkshops"')),
    name: LocalizedTextSchema,
    unit: z.enum(TARGET_UNITS),
    planFigure: z.number().positive(both('计划数（planFigure）须大于 0', 'planFigure must be greater than 0')),
    allocation: z.enum(['total', 'atLeast', 'each']),
    cumulative: z.boolean().optional(),
    source: LocalizedTextSchema.optional(),
  })
  .superRefine((target, ctx) => {
    // A rate cannot be shared out: every district is to reach it.
    if (target.unit === '%' && target.allocation !== 'each') {
      ctx.addIssue({
        code: 'custom',
        path: ['allocation'],
        message: both('以 % 计的指标须按 each 下达（每个单位都须达到该比例）', `a % target must use allocation "each" (every unit is to reach the rate), not "${target.allocation}"`),
      });
    }
    if (target.unit === '%' && target.planFigure > 100) {
      ctx.addIssue({ code: 'custom', path: ['planFigure'], message: both('比例指标不能超过 100%', 'a rate cannot exceed 100 %') });
    }
  });
