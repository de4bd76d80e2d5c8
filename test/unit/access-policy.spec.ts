// The access policy's table: every route names an action the policy defines, and docs/SECURITY.md
// prints the table as the code has it (regenerate it with policyTableMarkdown() after a change).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { policyTableMarkdown } from '../../src/access/access-table';
import { ACCESS_POLICY, RELATIONS, ROUTE_ACTIONS } from '../../src/access/access.policy';
import { ROLE_CODES } from '../../src/org/org.constants';

describe('the access policy table', () => {
  it('gives every route an action the policy defines, and every action a known subject', () => {
    for (const [route, action] of Object.entries(ROUTE_ACTIONS)) expect([route, ACCESS_POLICY[action] !== undefined]).toEqual([route, true]);
    const subjects = new Set<string>([...RELATIONS, ...ROLE_CODES]);
    for (const [action, rule] of Object.entries(ACCESS_POLICY)) for (const s of rule.allow) expect([action, s, subjects.has(s)]).toEqual([action, s, true]);
  });

  it('is printed in docs/SECURITY.md as the code has it', () => {
    const doc = resolve(__dirname, '../../docs/SECURITY.md');
    expect(existsSync(doc)).toBe(true);
    expect(readFileSync(doc, 'utf8')).toContain(policyTableMarkdown());
  });
});
