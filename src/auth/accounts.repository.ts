// The SQL of signing in: an account's credentials, the principal behind a token (one round trip per
// request), and the token version that ends sessions.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids';
import type { RoleGrant } from '../org/directory.service';
import type { Locale } from '../org/org.constants';

export interface Credentials {
  id: string;
  username: string;
  passwordHash: string;
  active: boolean;
}

/** A user as a request sees them: who, in which unit, what they hold now, and their session generation. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
  unitName: { 'zh-CN': string; en: string };
  locale: Locale;
  active: boolean;
  tokenVersion: number;
  /** An administrator set a temporary password: the web app asks for a new one first. */
  mustChangePassword: boolean;
  /** In the order DirectoryService.rolesOf gives them: by unit, then role. */
  roles: RoleGrant[];
  /** 分管, by unit order. */
  inChargeOf: string[];
}

interface PrincipalRow {
  id: string;
  username: string;
  display_name: string;
  unit_code: string;
  name_zh: string;
  name_en: string;
  locale: Locale;
  active: boolean;
  token_version: number;
  must_change_password: boolean;
  roles: RoleGrant[];
  in_charge_of: string[];
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  credentialsOf(username: string): Promise<Credentials | undefined> {
    return this.credentialsWhere('username', username);
  }

  async credentialsById(userId: string): Promise<Credentials | undefined> {
    return isUuid(userId) ? this.credentialsWhere('id', userId) : undefined;
  }

  private async credentialsWhere(column: 'id' | 'username', value: string): Promise<Credentials | undefined> {
    const [row] = await this.dataSource.query<{ id: string; username: string; password_hash: string; active: boolean }[]>(
      `SELECT id, username, password_hash, active FROM users WHERE ${column} = $1`,
      [value],
    );
    return row && { id: row.id, username: row.username, passwordHash: row.password_hash, active: row.active };
  }

  /** Everything a request needs to know about its user, in one query. */
  async principal(userId: string): Promise<Principal | undefined> {
    if (!isUuid(userId)) return undefined;
    const [row] = await this.dataSource.query<PrincipalRow[]>(
      `SELECT u.id, u.username, u.display_name, u.unit_code, units.name_zh, units.name_en, u.locale, u.active, u.token_version, u.must_change_password,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'unitCode', r.unit_code) ORDER BY ru.sort_order, r.role)
                          FROM user_roles r JOIN units ru ON ru.code = r.unit_code WHERE r.user_id = u.id), '[]'::json) AS roles,
              COALESCE((SELECT array_agg(p.department_code ORDER BY pu.sort_order)
                          FROM vice_chair_portfolio p JOIN units pu ON pu.code = p.department_code WHERE p.user_id = u.id), '{}') AS in_charge_of
         FROM users u JOIN units ON units.code = u.unit_code
        WHERE u.id = $1`,
      [userId],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      unitCode: row.unit_code,
      unitName: { 'zh-CN': row.name_zh, en: row.name_en },
      locale: row.locale,
      active: row.active,
      tokenVersion: row.token_version,
      mustChangePassword: row.must_change_password,
      roles: row.roles,
      inChargeOf: row.in_charge_of,
    };
  }

  /** Ends every session of the user: tokens carrying an older version are refused from now on. */
  async bumpTokenVersion(userId: string): Promise<number | undefined> {
    if (!isUuid(userId)) return undefined;
    const [rows] = await this.dataSource.query<[{ token_version: number }[], number]>(
      'UPDATE users SET token_version = token_version + 1 WHERE id = $1 RETURNING token_version',
      [userId],
    );
    return rows[0]?.token_version;
  }

  /**
   * A new password ends every session the old one opened. `mustChange`: it is a temporary one an
   * administrator set; the user's own change clears the flag.
   */
  async setPassword(userId: string, passwordHash: string, mustChange = false): Promise<number> {
    const [rows] = await this.dataSource.query<[{ token_version: number }[], number]>(
      'UPDATE users SET password_hash = $2, must_change_password = $3, token_version = token_version + 1 WHERE id = $1 RETURNING token_version',
      [userId, passwordHash, mustChange],
    );
    return rows[0].token_version;
  }
}
