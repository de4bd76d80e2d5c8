// How a target's figure is written in a message: "100 个", "85%".
import type { CampaignTarget } from '../campaign-types';

/** Sums drift in binary (0.1 + 0.2): figures are shown and compared at six decimals. */
export const tidy = (n: number): number => Math.round(n * 1e6) / 1e6;

export const figureText = (target: CampaignTarget, n: number): string => (target.unit === '%' ? `${tidy(n)}%` : `${tidy(n)} ${target.unit}`);

/** Why a single figure is not one the target can take, or undefined when it is. */
export function figureProblem(target: CampaignTarget, n: unknown): { zh: string; en: string } | undefined {
  if (typeof n !== 'number' || !Number.isFinite(n)) return { zh: '须为数字', en: 'must be a number' };
  if (n < 0) return { zh: `不能为负数（${n}）`, en: `must not be negative (${n})` };
  if (target.unit !== '%' && !Number.isInteger(n)) return { zh: `须为整数（${n}）`, en: `must be a whole number (${n})` };
  return undefined;
}
