// How the campaign pages show progress: where a unit stands on its targets (进度预警), said in words
// with a colour beside them — 正常 / 滞后 / 预警, the same colours in the tags and in the charts' bars,
// whose legends name them too — and figures with their unit of measure.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProgressStanding } from './CampaignData';

export const STANDINGS: ProgressStanding[] = ['on-track', 'behind', 'at-risk'];

/** Dark enough to be read as text on the tag's own tint (4.5:1, WCAG AA). */
export const STANDING_COLOURS: Record<ProgressStanding, string> = {
  'on-track': '#237804',
  behind: '#ad4e00',
  'at-risk': '#a8071a',
};

export function StandingTag({ standing }: { standing: ProgressStanding }) {
  const { t } = useTranslation();
  return (
    <Tag color={STANDING_COLOURS[standing]} data-testid="standing">
      {t(`campaigns.standing.${standing}`)}
    </Tag>
  );
}

/** A figure with its unit, "6 场", "85%"; sums of rates drift in binary, so two decimals at most. */
export function figureText(target: { unit: string }, n: number): string {
  const shown = Math.round(n * 100) / 100;
  return target.unit === '%' ? `${shown}%` : `${shown} ${target.unit}`;
}

/** Completion as a whole percentage: 0.456 → "46%". */
export const percent = (share: number): string => `${Math.round(share * 100)}%`;
