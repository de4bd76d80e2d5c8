// The organisation seed and the directory, against a real PostgreSQL: a copy of the template
// database that global setup migrated and seeded.
import { compare, hash } from 'bcrypt';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { DirectoryError, DirectoryService, type UserRef } from '../../src/org/directory.service';
import { ROLE_CODES, UNIT_KINDS } from '../../src/org/org.constants';
import { DEMO_USERS } from '../../src/org/org.seed-data';
import { seedOrganisation } from '../../src/org/org.seed';
import { createTestDatabase } from '../support/shared';

describe('organisation seed', () => {
  let ds: DataSource;
  let directory: DirectoryService;
  const count = async (table: string) => Number((await ds.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({
    units: await count('units'),
    users: await count('users'),
    roles: await count('user_roles'),
    portfolios: await count('vice_chair_portfolio'),
  });
  const user = async (username: string) => (await directory.findByUsername(username))!;

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(await createTestDatabase(), 2));
    await ds.initialize();
    directory = new DirectoryService(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('has the 40 district-level federations with their Chinese names, in the official order', async () => {
    const districts = await directory.listUnits('district');
    expect(districts).toHaveLength(40);
    expect(new Set(districts.map((d) => d.code)).size).toBe(40);
    expect(districts.every((d) => /^district-[a-z]+$/.test(d.code) && d.nameZh.endsWith('妇联'))).toBe(true);
    // 26 districts + 两江新区 + 万盛经开区 end in 区妇联; 8 counties + 4 autonomous counties in 县妇联
    expect(districts.filter((d) => d.nameZh.endsWith('区妇联'))).toHaveLength(28);
    expect(districts.filter((d) => d.nameZh.endsWith('县妇联'))).toHaveLength(12);
    expect(districts.filter((d) => d.nameZh.includes('自治县'))).toHaveLength(4);
    expect(districts[0]).toMatchObject({ code: 'district-wanzhou', nameZh: '万州区妇联' });
    expect(districts.find((d) => d.code === 'district-yuzhong')).toEqual({
      code: 'district-yuzhong',
      nameZh: '渝中区妇联',
      nameEn: "Yuzhong District Women's Federation",
      kind: 'district',
    });
    expect(districts.map((d) => d.nameZh)).toEqual(
      expect.arrayContaining(['彭水苗族土家族自治县妇联', '石柱土家族自治县妇联', '忠县妇联', '两江新区妇联', '万盛经开区妇联']),
    );
    expect(districts.slice(-2).map((d) => d.code)).toEqual(['district-liangjiang', 'district-wansheng']);
  });

  it('has the federation, its departments and the other groups of units', async () => {
    const codes = (await directory.listUnits()).map((u) => u.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'fed-leadership',
        'fed-office',
        'dept-organisation',
        'dept-publicity',
        'dept-rights',
        'dept-family-children',
        'dept-development',
        'dept-liaison',
        'wcc-office',
        'wcc-education',
        'wcc-civil-affairs',
        'wcc-public-security',
        'wcc-health',
        'wcc-human-resources',
        'wcc-justice',
        'wcc-statistics',
        'agency-municipal-organs',
      ]),
    );
    expect(await directory.listUnits('department')).toHaveLength(7);
    expect(await directory.getUnit('wcc-office')).toMatchObject({ kind: 'office', parentCode: 'fed-leadership' });
    expect((await directory.listUnits('agency-committee')).length).toBeGreaterThanOrEqual(3);
    expect(await directory.listUnits('wcc-member')).toHaveLength(7);
  });

  it('gives every role at least one demo user, each with an email', async () => {
    const rows = await ds.query<{ role: string }[]>('SELECT DISTINCT role FROM user_roles ORDER BY role');
    expect(rows.map((r) => r.role)).toEqual([...ROLE_CODES].sort());
    const withoutEmail = await ds.query<{ username: string }[]>(
      "SELECT username FROM users WHERE email IS DISTINCT FROM username || '@fulian.example'",
    );
    expect(withoutEmail).toEqual([]);
    expect(await count('users')).toBe(DEMO_USERS.length);
    // each district: one liaison and one chair, of that district
    const perDistrict = await ds.query<{ unit_code: string; liaisons: string; chairs: string }[]>(
      `SELECT units.code AS unit_code,
              count(*) FILTER (WHERE r.role = 'district-liaison') AS liaisons,
              count(*) FILTER (WHERE r.role = 'district-chair') AS chairs
         FROM units LEFT JOIN user_roles r ON r.unit_code = units.code
        WHERE units.kind = 'district' GROUP BY units.code`,
    );
    expect(perDistrict).toHaveLength(40);
    expect(perDistrict.every((d) => d.liaisons === '1' && d.chairs === '1')).toBe(true);
  });

  it('matches the CHECK constraints of the migration with the constants of the code', async () => {
    const defs = await ds.query<{ def: string }[]>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid IN ('user_roles'::regclass, 'units'::regclass) AND contype = 'c'`,
    );
    const all = defs.map((d) => d.def).join('\n');
    for (const value of [...ROLE_CODES, ...UNIT_KINDS]) expect(all).toContain(`'${value}'::text`);
    const admin = await user('admin');
    await expect(ds.query("INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, 'bogus', 'fed-office')", [admin.id])).rejects.toThrow(
      /check constraint/,
    );
  });

  it('is idempotent: a second run adds nothing and changes nothing', async () => {
    const before = await counts();
    const again = await seedOrganisation(ds, { demoPassword: 'demo', seedDemoUsers: true });
    expect(again.usersCreated).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('keeps a password a user changed, and re-creates a demo user someone deleted, roles and all', async () => {
    await ds.query('UPDATE users SET password_hash = $1 WHERE username = $2', [await hash('mine-now', 4), 'chair']);
    await ds.query("DELETE FROM users WHERE username = 'vice-chair-1'");
    const before = await counts();

    const run = await seedOrganisation(ds, { demoPassword: 'another-demo-password', seedDemoUsers: true });
    expect(run.usersCreated).toBe(1);

    const [chair] = await ds.query<{ password_hash: string }[]>("SELECT password_hash FROM users WHERE username = 'chair'");
    expect(await compare('mine-now', chair.password_hash)).toBe(true);
    const recreated = await user('vice-chair-1');
    expect(await directory.rolesOf(recreated.id)).toEqual([{ role: 'vice-chair', unitCode: 'fed-leadership' }]);
    expect(await directory.inChargeOf(recreated.id)).toEqual(['fed-office', 'dept-organisation', 'dept-publicity', 'wcc-office']);
    expect(await counts()).toEqual({ ...before, users: before.users + 1, roles: before.roles + 1, portfolios: before.portfolios + 4 });
  });

  it('seeds units but no users when demo users are off', async () => {
    const before = await counts();
    expect(await seedOrganisation(ds, { demoPassword: 'x', seedDemoUsers: false })).toEqual({ units: before.units, usersCreated: 0 });
    expect(await counts()).toEqual(before);
  });
});

describe('DirectoryService', () => {
  let ds: DataSource;
  let directory: DirectoryService;
  let organiser: UserRef;
  const ctx = () => ({ leadUnit: 'dept-family-children', organiserId: organiser.id });
  const names = (users: (UserRef | undefined)[]) => users.map((u) => u?.username);

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(await createTestDatabase(), 2));
    await ds.initialize();
    directory = new DirectoryService(ds);
    organiser = (await directory.findByUsername('organiser-family-children'))!;
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('finds users by id and by username (any case)', async () => {
    expect(organiser).toEqual({
      id: expect.any(String),
      username: 'organiser-family-children',
      displayName: '蒋晓燕',
      unitCode: 'dept-family-children',
      email: 'organiser-family-children@fulian.example',
      locale: 'zh-CN',
    });
    expect(await directory.getUser(organiser.id)).toEqual(organiser);
    expect(await directory.findByUsername(' Organiser-Family-Children ')).toEqual(organiser);
    expect(await directory.getUser('not-a-uuid')).toBeUndefined();
    expect(await directory.findByUsername('nobody')).toBeUndefined();
  });

  it('resolves the parties of a template', async () => {
    expect(names(await directory.resolveParty({ role: 'vice-chair', inChargeOf: 'dept-family-children' }, ctx()))).toEqual(['vice-chair-2']);
    expect(names(await directory.resolveParty({ role: 'vice-chair', inChargeOf: '$lead' }, ctx()))).toEqual(['vice-chair-2']);
    expect(
      names(await directory.resolveParty({ role: 'vice-chair', inChargeOf: '$lead' }, { ...ctx(), leadUnit: 'wcc-office' })),
    ).toEqual(['vice-chair-1']);
    expect(names(await directory.resolveParty({ role: 'department-head', unit: '$lead' }, ctx()))).toEqual(['head-family-children']);
    expect(names(await directory.resolveParty({ role: 'department-head', unit: 'dept-publicity' }, ctx()))).toEqual(['head-publicity']);
    expect(names(await directory.resolveParty({ role: 'chair' }, ctx()))).toEqual(['chair']);
    expect(names(await directory.resolveParty({ organiser: true }, ctx()))).toEqual(['organiser-family-children']);
    expect(names(await directory.resolveParty({ user: 'liaison-yuzhong' }, ctx()))).toEqual(['liaison-yuzhong']);
  });

  it('refuses a unit or user that does not exist, naming it', async () => {
    await expect(directory.resolveParty({ role: 'department-head', unit: 'dept-nowhere' }, ctx())).rejects.toThrow(DirectoryError);
    await expect(directory.resolveParty({ role: 'department-head', unit: '$lead' }, { ...ctx(), leadUnit: 'dept-x' })).rejects.toThrow(
      /dept-x \(the lead department\)/,
    );
    await expect(directory.resolveParty({ user: 'nobody' }, ctx())).rejects.toMatchObject({ code: 'unknown-user' });
    await expect(directory.resolveAudience([{ unit: 'district-atlantis' }], ctx())).rejects.toMatchObject({ code: 'unknown-unit' });
  });

  it('chains superiors: organiser → department head → vice-chair in charge → chair → none', async () => {
    const head = await directory.superiorOf(organiser.id);
    expect(head?.username).toBe('head-family-children');
    const viceChair = await directory.superiorOf(head!.id);
    expect(viceChair?.username).toBe('vice-chair-2');
    const chair = await directory.superiorOf(viceChair!.id);
    expect(chair?.username).toBe('chair');
    expect(await directory.superiorOf(chair!.id)).toBeUndefined();

    const liaison = (await directory.findByUsername('liaison-yuzhong'))!;
    expect((await directory.superiorOf(liaison.id))?.username).toBe('district-chair-yuzhong');
    const publicityHead = (await directory.findByUsername('head-publicity'))!;
    expect((await directory.superiorOf(publicityHead.id))?.username).toBe('vice-chair-1');
  });

  it('resolves the districts audience to the 40 units and their liaisons', async () => {
    const { units, users } = await directory.resolveAudience([{ unitGroup: 'districts' }], ctx());
    expect(units).toHaveLength(40);
    expect(users).toHaveLength(40);
    expect(users.every((u) => u.username.startsWith('liaison-'))).toBe(true);
    expect(new Set(users.map((u) => u.unitCode))).toEqual(new Set(units.map((u) => u.code)));
    // each unit's contacts come in the units' order
    expect(users.map((u) => u.unitCode)).toEqual(units.map((u) => u.code));
  });

  it('resolves the other audiences, without duplicates', async () => {
    const wcc = await directory.resolveAudience([{ unitGroup: 'wcc-members' }, { unit: 'wcc-education' }], ctx());
    expect(wcc.units).toHaveLength(7);
    expect(names(wcc.users)).toContain('member-education');
    expect(wcc.users).toHaveLength(7);

    const exec = await directory.resolveAudience([{ unitGroup: 'exec-committee' }], ctx());
    expect(exec.units).toEqual([]);
    expect(exec.users.length).toBeGreaterThanOrEqual(5);
    expect(exec.users.every((u) => u.username.startsWith('exec-'))).toBe(true);

    const agencies = await directory.resolveAudience([{ unitGroup: 'agency-committees' }], ctx());
    expect(agencies.users.map((u) => u.unitCode)).toEqual(agencies.units.map((u) => u.code));

    const departments = await directory.resolveAudience([{ unitGroup: 'departments' }], ctx());
    expect(departments.units).toHaveLength(7);
    expect(departments.users.every((u) => u.username.startsWith('head-'))).toBe(true);

    const people = await directory.resolveAudience(
      [{ organiser: true }, { participants: true }, { role: 'district-chair', unit: 'district-jiangbei' }],
      { ...ctx(), participantIds: [organiser.id, exec.users[0].id, 'junk'] },
    );
    expect(people.units).toEqual([]);
    expect(names(people.users)).toEqual(['organiser-family-children', exec.users[0].username, 'district-chair-jiangbei']);
  });

  it('never resolves a deactivated user, and skips a vacant post when escalating', async () => {
    await ds.query("UPDATE users SET active = false WHERE username = 'head-family-children'");
    try {
      expect(await directory.resolveParty({ role: 'department-head', unit: '$lead' }, ctx())).toEqual([]);
      expect((await directory.superiorOf(organiser.id))?.username).toBe('vice-chair-2');
      expect(await directory.getUser((await directory.findByUsername('head-family-children'))!.id)).toBeDefined();
      expect(names(await directory.listUsers({ unit: 'dept-family-children' }))).toEqual(['organiser-family-children']);
    } finally {
      await ds.query("UPDATE users SET active = true WHERE username = 'head-family-children'");
    }
  });

  it('lists users for pickers by role and unit', async () => {
    expect(names(await directory.listUsers({ role: 'vice-chair' }))).toEqual(['vice-chair-1', 'vice-chair-2']);
    expect(names(await directory.listUsers({ role: 'district-liaison', unit: 'district-yuzhong' }))).toEqual(['liaison-yuzhong']);
    expect(names(await directory.listUsers({ unit: 'district-yuzhong' }))).toEqual(['district-chair-yuzhong', 'exec-3', 'liaison-yuzhong']);
  });
});
