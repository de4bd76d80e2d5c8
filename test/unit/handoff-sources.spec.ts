// A new event that both depends on and reads from one template takes a single source event for both:
// the event that passes the check is the one copied from, so M2 never checks one A1 and copies another.
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../src/common/domain-error';
import { projectRoot } from '../../src/infra/project-root';
import { HandoffService } from '../../src/templates/handoff.service';
import { loadTemplates } from '../../src/templates/template-loader';
import type { TemplateRegistry } from '../../src/templates/template-registry.service';

const TEMPLATES = loadTemplates(join(projectRoot(), 'templates'));
const M2 = TEMPLATES.find((t) => t.code === 'red-banner-commendation')!;

/** The service over a database that has no A1 event ready, recording which source lookups it made. */
function withNoSource() {
  const lookups: unknown[][] = [];
  const db = {
    query: async (sql: string, params: unknown[]) => {
      if (/FROM events e/.test(sql)) lookups.push(params);
      return [];
    },
  } as unknown as DataSource;
  const registry = { find: (code: string) => TEMPLATES.find((t) => t.code === code), get: (code: string) => TEMPLATES.find((t) => t.code === code)! };
  return { service: new HandoffService(db, registry as unknown as TemplateRegistry), lookups };
}

describe('the source event of a start', () => {
  it('is looked up once for dependsOn and reads of the same template, past both steps', async () => {
    const { service, lookups } = withNoSource();
    const reader = { ...M2, dependsOn: { template: 'womens-day-110', step: 'draft-plan' } };
    const refused = await service.gather(reader, '2027-03-20T02:00:00.000Z').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).message).toContain('完成“印发表彰决定”、“系列活动方案起草”后才能发起');
    expect(lookups).toHaveLength(1);
    expect(lookups[0].slice(0, 2)).toEqual(['womens-day-110', ['issue-decision', 'draft-plan']]);
  });

  it('takes the year of the new event, in China time, as the year to prefer', async () => {
    const { service, lookups } = withNoSource();
    await service.preview(M2, '2027-12-31T16:30:00.000Z');
    expect(lookups[0].slice(2)).toEqual(['2027-12-31T16:00:00.000Z', '2028-12-31T16:00:00.000Z']);
  });
});
