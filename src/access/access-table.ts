// The access policy as docs/SECURITY.md prints it: generated from ACCESS_POLICY and ROUTE_ACTIONS,
// so the document cannot drift from what the code enforces (test/unit/access-policy.spec.ts).
import { ACCESS_POLICY, ROUTE_ACTIONS, type Action, type PolicyRule } from './access.policy';

const OTHERWISE: Record<PolicyRule['otherwise'], string> = { refused: '403', 'not-found': '404', withheld: 'withheld' };

/** One row per action: who may, what it covers, what others get, which routes ask it. */
export function policyTableMarkdown(): string {
  const routesOf = (action: Action) =>
    Object.entries(ROUTE_ACTIONS)
      .filter(([, a]) => a === action)
      .map(([route]) => `\`${route}\``)
      .join('<br>');
  const rows = (Object.entries(ACCESS_POLICY) as [Action, PolicyRule][]).map(
    ([action, rule]) =>
      `| \`${action}\` | ${rule.allow.map((s) => `\`${s}\``).join(', ')}${rule.enforcedIn ? ' (decided by the workflow)' : ''} | ${rule.what.replace(/\|/g, '\\|')} | ${rule.allow.includes('anyone') ? '—' : OTHERWISE[rule.otherwise]} | ${routesOf(action) || '—'} |`,
  );
  return ['| Action | Allowed subjects | What | Others get | Routes |', '|---|---|---|---|---|', ...rows].join('\n');
}
