// Who is shown 年度总结 (the API's `year.summary`): the federation's own staff — leaders, department
// heads, organisers, the administrator — not the districts or member units.
import { hasRole } from '../auth';
import type { SessionUser } from '../api/types';

export function seesYearSummary(user: SessionUser): boolean {
  return hasRole(user, 'chair', 'vice-chair', 'department-head', 'organiser', 'admin');
}

/** The year in China, where the federation works. */
export function currentYear(): number {
  return new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
}
