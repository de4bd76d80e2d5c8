// Seeds the organisation at every start: units are upserted (the seed owns them); demo users are only
// inserted when missing, with their roles and portfolios, so a changed password, a deactivation or an
// edited role survives the next start.
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password';
import { DEMO_USERS, SEED_UNITS, demoEmail } from './org.seed-data';

export interface SeedOptions {
  demoPassword: string;
  seedDemoUsers: boolean;
  /** Without demo users (production), creates the one `admin` account with this password, if missing. */
  adminPassword?: string;
}

export interface SeedResult {
  units: number;
  /** Demo users inserted by this run (0 when they all existed, or demo users are off). */
  usersCreated: number;
}

export async function seedOrganisation(dataSource: DataSource, options: SeedOptions): Promise<SeedResult> {
  return dataSource.transaction(async (m) => {
    await upsertUnits(m);
    const usersCreated = options.seedDemoUsers
      ? await insertMissingDemoUsers(m, options.demoPassword)
      : options.adminPassword
        ? await insertMissingDemoUsers(m, options.adminPassword, ['admin'])
        : 0;
    return { units: SEED_UNITS.length, usersCreated };
  });
}

async function upsertUnits(m: EntityManager): Promise<void> {
  const rows = SEED_UNITS.map((u) => ({
    code: u.code,
    name_zh: u.nameZh,
    name_en: u.nameEn,
    kind: u.kind,
    parent_code: u.parentCode ?? null,
    sort_order: u.sortOrder,
  }));
  // One statement: a parent inserted in the same statement satisfies its children's foreign key.
  await m.query(
    `INSERT INTO units (code, name_zh, name_en, kind, parent_code, sort_order)
     SELECT code, name_zh, name_en, kind, parent_code, sort_order
       FROM jsonb_to_recordset($1::jsonb)
         AS u(code text, name_zh text, name_en text, kind text, parent_code text, sort_order int)
     ON CONFLICT (code) DO UPDATE
       SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, kind = EXCLUDED.kind,
           parent_code = EXCLUDED.parent_code, sort_order = EXCLUDED.sort_order
     WHERE (units.name_zh, units.name_en, units.kind, units.parent_code, units.sort_order)
           IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en, EXCLUDED.kind, EXCLUDED.parent_code, EXCLUDED.sort_order)`,
    [JSON.stringify(rows)],
  );
}

async function insertMissingDemoUsers(m: EntityManager, demoPassword: string, only?: string[]): Promise<number> {
  const wanted = only ? DEMO_USERS.filter((u) => only.includes(u.username)) : DEMO_USERS;
  const existing = await m.query<{ username: string }[]>('SELECT username FROM users WHERE username = ANY($1::text[])', [
    wanted.map((u) => u.username),
  ]);
  const known = new Set(existing.map((r) => r.username));
  const missing = wanted.filter((u) => !known.has(u.username));
  if (missing.length === 0) return 0; // the usual start: no hashing at all

  // One hash for every demo user: they share the password, and bcrypt is slow on purpose.
  const passwordHash = await hashPassword(demoPassword);
  const created = await m.query<{ id: string; username: string }[]>(
    `INSERT INTO users (username, display_name, password_hash, unit_code, email)
     SELECT username, display_name, $2, unit_code, email
       FROM jsonb_to_recordset($1::jsonb) AS u(username text, display_name text, unit_code text, email text)
     ON CONFLICT (username) DO NOTHING
     RETURNING id, username`,
    [
      JSON.stringify(
        missing.map((u) => ({ username: u.username, display_name: u.displayName, unit_code: u.unitCode, email: demoEmail(u.username) })),
      ),
      passwordHash,
    ],
  );
  // Only users this run created get roles and portfolios: someone else's concurrent run, or an
  // administrator's later edits, are left as they are.
  const createdIds = created.map((r) => r.id);
  const createdNames = new Set(created.map((r) => r.username));
  const mine = missing.filter((u) => createdNames.has(u.username));
  await m.query(
    `INSERT INTO user_roles (user_id, role, unit_code)
     SELECT users.id, r.role, r.unit_code
       FROM jsonb_to_recordset($1::jsonb) AS r(username text, role text, unit_code text)
       JOIN users ON users.username = r.username
      WHERE users.id = ANY($2::uuid[])
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(mine.flatMap((u) => u.roles.map((r) => ({ username: u.username, role: r.role, unit_code: r.unitCode })))), createdIds],
  );
  await m.query(
    `INSERT INTO vice_chair_portfolio (user_id, department_code)
     SELECT users.id, p.department_code
       FROM jsonb_to_recordset($1::jsonb) AS p(username text, department_code text)
       JOIN users ON users.username = p.username
      WHERE users.id = ANY($2::uuid[])
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(mine.flatMap((u) => (u.inChargeOf ?? []).map((d) => ({ username: u.username, department_code: d })))), createdIds],
  );
  // Every demo user hears by email at their address; units have no robots until someone adds them.
  await m.query(
    `INSERT INTO channel_preferences (user_id, channel, target)
     SELECT id, 'email', email FROM users WHERE id = ANY($1::uuid[]) AND email IS NOT NULL
     ON CONFLICT DO NOTHING`,
    [createdIds],
  );
  return created.length;
}
