// An allocation table that passes the sum check, for tests that need one to sign off: each target's
// plan figure shared out as evenly as whole numbers allow (the remainder to the first units), or the
// figure itself for every unit when the target is given to each.
import type { CampaignUnit } from '../../workflows/campaign-model';
import type { Allocation, CampaignTarget } from '../../workflows/campaign-types';

export function evenAllocation(targets: readonly CampaignTarget[], units: readonly CampaignUnit[]): Allocation {
  const table: Allocation = Object.fromEntries(units.map((u) => [u.code, {}]));
  for (const target of targets) {
    const base = Math.floor(target.planFigure / units.length);
    const remainder = target.planFigure - base * units.length;
    units.forEach((u, i) => {
      table[u.code][target.key] = target.allocation === 'each' ? target.planFigure : base + (i < remainder ? 1 : 0);
    });
  }
  return table;
}
