// The template registry at start-up: the shipped templates against the organisation in PostgreSQL,
// and a used template version frozen against later edits.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source';
import { projectRoot } from '../../src/infra/project-root';
import { TemplateRegistry } from '../../src/templates/template-registry.service';
import { createTestDatabase } from '../support/shared';

describe('template registry', () => {
  let ds: DataSource;
  let dir: string;
  const shipped = join(projectRoot(), 'templates', 'childrens-day-sorting.yaml');

  const registry = async () => {
    const r = new TemplateRegistry(parseConfig({ TEMPLATES_DIR: dir }), ds);
    await r.onModuleInit();
    return r;
  };

  beforeAll(async () => {
    ds = await new DataSource(dataSourceOptions(await createTestDatabase(), 2)).initialize();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
    copyFileSync(shipped, join(dir, 'childrens-day-sorting.yaml'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => ds?.destroy());

  it('loads the shipped templates against the seeded organisation', async () => {
    const r = new TemplateRegistry(parseConfig({}), ds);
    await r.onModuleInit();
    // The annex's 13, the monthly 时代女性榜 and the campaigns' district activity.
    expect(r.list()).toHaveLength(15);
  });

  it('refuses a template naming a unit the organisation does not have, naming file, step and unit', async () => {
    const yaml = readFileSync(shipped, 'utf8').replace('{ role: department-head, unit: $lead }', '{ role: department-head, unit: dept-nowhere }');
    writeFileSync(join(dir, 'childrens-day-sorting.yaml'), yaml);
    await expect(registry()).rejects.toThrow('templates/childrens-day-sorting.yaml: step plan-approval: unit dept-nowhere is not in the organisation');
  });

  it('freezes a version once an event has used it: an edit without a new version stops start-up', async () => {
    const r = await registry();
    await ds.transaction((m) => r.markUsed(m, r.get('childrens-day-sorting')));
    writeFileSync(join(dir, 'childrens-day-sorting.yaml'), readFileSync(shipped, 'utf8').replace("offset: '-40d'", "offset: '-45d'"));
    await expect(registry()).rejects.toThrow(/version 2 has been used by events and cannot change; give the edited template version 3/);

    // The same edit as version 3 is accepted.
    writeFileSync(join(dir, 'childrens-day-sorting.yaml'), readFileSync(shipped, 'utf8').replace("offset: '-40d'", "offset: '-45d'").replace('version: 2', 'version: 3'));
    expect((await registry()).get('childrens-day-sorting').version).toBe(3);
  });
});
