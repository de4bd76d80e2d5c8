import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The organisation: units, users, the roles they hold in units, and the vice-chairs' portfolios (分管). */
export class Organisation1764576100000 implements MigrationInterface {
  name = 'Organisation1764576100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units (
        code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name_zh     text NOT NULL,
        name_en     text NOT NULL,
        kind        text NOT NULL
                    CHECK (kind IN ('leadership', 'department', 'office', 'district', 'agency-committee', 'wcc-member')),
        parent_code text REFERENCES units (code),
        sort_order  int NOT NULL DEFAULT 0
      )`);
    await q.query('CREATE INDEX units_kind_idx ON units (kind, sort_order)');

    // Usernames are stored lower-cased (no citext extension needed); look-ups lower-case their input.
    await q.query(`
      CREATE TABLE users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username      text NOT NULL UNIQUE
                      CHECK (username = lower(username) AND username ~ '^[a-z0-9][a-z0-9._@-]*$'),
        display_name  text NOT NULL CHECK (btrim(display_name) <> ''),
        password_hash text NOT NULL,
        unit_code     text NOT NULL REFERENCES units (code),
        email         text,
        phone         text,
        locale        text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX users_unit_idx ON users (unit_code)');

    await q.query(`
      CREATE TABLE user_roles (
        user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role      text NOT NULL CHECK (role IN ('organiser', 'department-head', 'vice-chair', 'chair', 'district-liaison',
                                                'district-chair', 'member-liaison', 'exec-member', 'admin')),
        unit_code text NOT NULL REFERENCES units (code),
        PRIMARY KEY (user_id, role, unit_code)
      )`);
    await q.query('CREATE INDEX user_roles_role_unit_idx ON user_roles (role, unit_code)');

    await q.query(`
      CREATE TABLE vice_chair_portfolio (
        user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        department_code text NOT NULL REFERENCES units (code),
        PRIMARY KEY (user_id, department_code)
      )`);
    await q.query('CREATE INDEX vice_chair_portfolio_department_idx ON vice_chair_portfolio (department_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE vice_chair_portfolio');
    await q.query('DROP TABLE user_roles');
    await q.query('DROP TABLE users');
    await q.query('DROP TABLE units');
  }
}
