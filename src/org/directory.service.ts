// The directory: who holds which role in which unit, and who answers for whom. Workflow activities
// construct it with a DataSource (no Nest needed); the API gets it from OrgModule.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AudienceRef, PartyRef, RoleCode } from '../../workflows/template-types';
import { UNIT_CONTACT_ROLES, UNIT_GROUP_KINDS, type Locale, type UnitKind } from './org.constants';

/** A person as activities and the API pass them around. */
export interface UserRef {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
  email?: string;
  locale: Locale;
}

export interface UnitRef {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: UnitKind;
  parentCode?: string;
}

export interface RoleGrant {
  role: RoleCode;
  unitCode: string;
}

export interface PartyContext {
  /** The unit `$lead` stands for: the template's lead department. */
  leadUnit: string;
  /** The user who started the event. */
  organiserId: string;
}

export interface AudienceContext extends PartyContext {
  participantIds?: string[];
}

/** `$lead` in a template: the event's lead department. */
export const LEAD_UNIT = '$lead';

/** A template or caller named a unit or user the directory does not know: not worth retrying. */
export class DirectoryError extends Error {
  constructor(
    readonly code: 'unknown-unit' | 'unknown-user',
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  unit_code: string;
  email: string | null;
  locale: Locale;
}

interface UnitRow {
  code: string;
  name_zh: string;
  name_en: string;
  kind: UnitKind;
  parent_code: string | null;
}

const USER_COLUMNS = 'u.id, u.username, u.display_name, u.unit_code, u.email, u.locale';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toUser = (r: UserRow): UserRef => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  unitCode: r.unit_code,
  ...(r.email ? { email: r.email } : {}),
  locale: r.locale,
});

const toUnit = (r: UnitRow): UnitRef => ({
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  kind: r.kind,
  ...(r.parent_code ? { parentCode: r.parent_code } : {}),
});

/**
 * Resolution only ever returns active users; a post nobody active holds resolves to no one, and the
 * caller decides what that means (a sign-off level with no approver, say). `getUser` and
 * `findByUsername` also find deactivated users, so that history can still name them.
 */
@Injectable()
export class DirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  /** The people a template's party stands for, in a stable order (by username). */
  async resolveParty(ref: PartyRef, ctx: PartyContext): Promise<UserRef[]> {
    if ('organiser' in ref) return this.activeUsersByIds([ctx.organiserId]);
    if ('user' in ref) {
      const rows = await this.userRows('u.username = $1', [ref.user.trim().toLowerCase()]);
      if (rows.length === 0) throw new DirectoryError('unknown-user', `No user named ${ref.user}`);
      return rows.filter((r) => r.active).map(toUser);
    }
    if ('inChargeOf' in ref) return this.viceChairsInChargeOf(await this.unitOf(ref.inChargeOf, ctx));
    if ('unit' in ref) return this.holders(ref.role, await this.unitOf(ref.unit, ctx));
    return this.holders('chair');
  }

  /**
   * The units a notice goes to (each acknowledges as a unit) and the people to tell. For a unit, its
   * contacts are the people: a district's liaisons, a member unit's liaisons, a department's head.
   * Groups of people (exec-committee, a role in a unit, participants, the organiser) add users only.
   */
  async resolveAudience(refs: AudienceRef[], ctx: AudienceContext): Promise<{ units: UnitRef[]; users: UserRef[] }> {
    const units = new Map<string, UnitRef>();
    const users = new Map<string, UserRef>();
    const addUsers = (list: UserRef[]) => list.forEach((u) => users.set(u.id, u));
    const addUnits = async (list: UnitRef[]) => {
      list.forEach((u) => units.set(u.code, u));
      addUsers(await this.contactsOfUnits(list));
    };

    for (const ref of refs) {
      if ('unitGroup' in ref) {
        if (ref.unitGroup === 'exec-committee') addUsers(await this.holders('exec-member'));
        else await addUnits(await this.listUnits(UNIT_GROUP_KINDS[ref.unitGroup]));
      } else if ('participants' in ref) {
        addUsers(await this.activeUsersByIds(ctx.participantIds ?? []));
      } else if ('organiser' in ref) {
        addUsers(await this.activeUsersByIds([ctx.organiserId]));
      } else if ('role' in ref) {
        addUsers(await this.holders(ref.role, await this.unitOf(ref.unit, ctx)));
      } else {
        const code = await this.unitOf(ref.unit, ctx);
        await addUnits([(await this.getUnit(code))!]);
      }
    }
    return { units: [...units.values()], users: [...users.values()] };
  }

  /** Who answers for a unit when a notice reaches it (签收, 催办): see UNIT_CONTACT_ROLES. */
  async contactsOf(unitCode: string): Promise<UserRef[]> {
    const unit = await this.getUnit(unitCode);
    if (!unit) throw new DirectoryError('unknown-unit', `No unit with code ${unitCode}`);
    return this.contactsOfUnits([unit]);
  }

  /** The active users among `ids`, in one query (the others — unknown or deactivated — are absent). */
  async activeUsers(ids: readonly string[]): Promise<UserRef[]> {
    return this.activeUsersByIds([...ids]);
  }

  /** Each known unit among `codes` with its contacts (see contactsOf), in one query; unknown codes are absent. */
  async contactsOfEach(codes: readonly string[]): Promise<Map<string, UserRef[]>> {
    const rows = await this.dataSource.query<UnitRow[]>('SELECT code, name_zh, name_en, kind, parent_code FROM units WHERE code = ANY($1::text[])', [[...codes]]);
    const byUnit = new Map<string, UserRef[]>(rows.map((r) => [r.code, []]));
    const contacts = await this.dataSource.query<(UserRow & { contact_of: string })[]>(
      `SELECT ${USER_COLUMNS}, r.unit_code AS contact_of FROM users u
         JOIN user_roles r ON r.user_id = u.id
         JOIN jsonb_to_recordset($1::jsonb) AS c(unit_code text, role text) ON r.unit_code = c.unit_code AND r.role = c.role
        WHERE u.active
        ORDER BY u.username`,
      [JSON.stringify(rows.map((r) => ({ unit_code: r.code, role: UNIT_CONTACT_ROLES[r.kind] })))],
    );
    for (const c of contacts) byUnit.get(c.contact_of)!.push(toUser(c));
    return byUnit;
  }

  /**
   * Where a reminder escalates (上级): organiser/staff → head of their department → vice-chair in
   * charge (分管) → chair; district liaison → that district's chair. A vacant post is skipped
   * (staff whose department has no head escalate to its vice-chair). Chair and others: none.
   */
  async superiorOf(userId: string): Promise<UserRef | undefined> {
    const user = await this.userWithUnitKind(userId);
    if (!user) return undefined;
    const grants = await this.rolesOf(userId);
    const has = (role: RoleCode) => grants.filter((g) => g.role === role);
    // The unit a role is held in, preferring the user's own unit when they hold it in several.
    const unitFor = (role: RoleCode) => {
      const held = has(role);
      return (held.find((g) => g.unitCode === user.unit_code) ?? held[0])?.unitCode;
    };
    const notSelf = (list: UserRef[]) => list.filter((u) => u.id !== userId);
    const firstOf = async (...candidates: (() => Promise<UserRef[]>)[]) => {
      for (const candidate of candidates) {
        const [found] = notSelf(await candidate());
        if (found) return found;
      }
      return undefined;
    };
    const chair = () => this.holders('chair');

    if (has('chair').length) return undefined;
    if (has('vice-chair').length) return firstOf(chair);
    const headOf = unitFor('department-head');
    if (headOf) return firstOf(() => this.viceChairsInChargeOf(headOf), chair);
    if (has('district-chair').length) return undefined;
    const staffOf = unitFor('organiser') ?? (user.kind === 'department' || user.kind === 'office' ? user.unit_code : undefined);
    if (staffOf) {
      return firstOf(
        () => this.holders('department-head', staffOf),
        () => this.viceChairsInChargeOf(staffOf),
        chair,
      );
    }
    const liaisonOf = unitFor('district-liaison');
    if (liaisonOf) return firstOf(() => this.holders('district-chair', liaisonOf));
    return undefined;
  }

  async getUser(id: string): Promise<UserRef | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.userRows('u.id = $1', [id]);
    return row && toUser(row);
  }

  async findByUsername(username: string): Promise<UserRef | undefined> {
    const [row] = await this.userRows('u.username = $1', [username.trim().toLowerCase()]);
    return row && toUser(row);
  }

  async isActive(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const rows = await this.dataSource.query<{ active: boolean }[]>('SELECT active FROM users WHERE id = $1', [id]);
    return rows[0]?.active === true;
  }

  async rolesOf(userId: string): Promise<RoleGrant[]> {
    const rows = await this.dataSource.query<{ role: RoleCode; unit_code: string }[]>(
      `SELECT r.role, r.unit_code FROM user_roles r JOIN units ON units.code = r.unit_code
        WHERE r.user_id = $1 ORDER BY units.sort_order, r.role`,
      [userId],
    );
    return rows.map((r) => ({ role: r.role, unitCode: r.unit_code }));
  }

  /** The departments a vice-chair is in charge of (分管); empty for anyone else. */
  async inChargeOf(userId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ department_code: string }[]>(
      `SELECT p.department_code FROM vice_chair_portfolio p JOIN units ON units.code = p.department_code
        WHERE p.user_id = $1 ORDER BY units.sort_order`,
      [userId],
    );
    return rows.map((r) => r.department_code);
  }

  async getUnit(code: string): Promise<UnitRef | undefined> {
    const [row] = await this.dataSource.query<UnitRow[]>(
      'SELECT code, name_zh, name_en, kind, parent_code FROM units WHERE code = $1',
      [code],
    );
    return row && toUnit(row);
  }

  async listUnits(kind?: UnitKind): Promise<UnitRef[]> {
    const rows = await this.dataSource.query<UnitRow[]>(
      `SELECT code, name_zh, name_en, kind, parent_code FROM units
        WHERE $1::text IS NULL OR kind = $1 ORDER BY sort_order, code`,
      [kind ?? null],
    );
    return rows.map(toUnit);
  }

  /** Active users, optionally only those holding `role` and/or holding a role in (or belonging to) `unit`. */
  async listUsers(filter: { role?: RoleCode; unit?: string } = {}): Promise<UserRef[]> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users u
        WHERE u.active
          AND ($1::text IS NULL OR EXISTS (
                SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $1 AND ($2::text IS NULL OR r.unit_code = $2)))
          AND ($2::text IS NULL OR u.unit_code = $2 OR EXISTS (
                SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.unit_code = $2))
        ORDER BY u.username`,
      [filter.role ?? null, filter.unit ?? null],
    );
    return rows.map(toUser);
  }

  /**
   * Every active user with their unit's names and the posts they hold now (role grants, and for a
   * vice-chair the departments in their charge), as rolesOf and inChargeOf read them — in one query,
   * so that weighing everyone for a task (转交) costs no query per person.
   */
  async activeUsersWithPosts(): Promise<(UserRef & { unitName: { 'zh-CN': string; en: string }; roles: RoleGrant[]; inChargeOf: string[] })[]> {
    const rows = await this.dataSource.query<(UserRow & { unit_name_zh: string; unit_name_en: string; roles: RoleGrant[]; in_charge_of: string[] })[]>(
      `SELECT ${USER_COLUMNS}, un.name_zh AS unit_name_zh, un.name_en AS unit_name_en,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'unitCode', r.unit_code) ORDER BY ru.sort_order, r.role)
                          FROM user_roles r JOIN units ru ON ru.code = r.unit_code WHERE r.user_id = u.id), '[]') AS roles,
              COALESCE((SELECT json_agg(p.department_code ORDER BY pu.sort_order)
                          FROM vice_chair_portfolio p JOIN units pu ON pu.code = p.department_code WHERE p.user_id = u.id), '[]') AS in_charge_of
         FROM users u JOIN units un ON un.code = u.unit_code
        WHERE u.active
        ORDER BY un.sort_order, u.username`,
    );
    return rows.map((r) => ({ ...toUser(r), unitName: { 'zh-CN': r.unit_name_zh, en: r.unit_name_en }, roles: r.roles, inChargeOf: r.in_charge_of }));
  }

  /** Active holders of `role`, in `unitCode` or anywhere. */
  private async holders(role: RoleCode, unitCode?: string): Promise<UserRef[]> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT DISTINCT ${USER_COLUMNS} FROM users u JOIN user_roles r ON r.user_id = u.id
        WHERE u.active AND r.role = $1 AND ($2::text IS NULL OR r.unit_code = $2)
        ORDER BY u.username`,
      [role, unitCode ?? null],
    );
    return rows.map(toUser);
  }

  private async viceChairsInChargeOf(departmentCode: string): Promise<UserRef[]> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users u JOIN vice_chair_portfolio p ON p.user_id = u.id
        WHERE u.active AND p.department_code = $1
          AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'vice-chair')
        ORDER BY u.username`,
      [departmentCode],
    );
    return rows.map(toUser);
  }

  /** Each unit's contacts, units in the order given. */
  private async contactsOfUnits(units: UnitRef[]): Promise<UserRef[]> {
    if (units.length === 0) return [];
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users u
         JOIN user_roles r ON r.user_id = u.id
         JOIN jsonb_to_recordset($1::jsonb) AS c(unit_code text, role text, n int)
           ON r.unit_code = c.unit_code AND r.role = c.role
        WHERE u.active
        ORDER BY c.n, u.username`,
      [JSON.stringify(units.map((u, n) => ({ unit_code: u.code, role: UNIT_CONTACT_ROLES[u.kind], n })))],
    );
    return rows.map(toUser);
  }

  private async activeUsersByIds(ids: string[]): Promise<UserRef[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.active AND u.id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], u.id)`,
      [valid],
    );
    return rows.map(toUser);
  }

  private async userRows(where: string, params: unknown[]): Promise<(UserRow & { active: boolean })[]> {
    return this.dataSource.query(`SELECT ${USER_COLUMNS}, u.active FROM users u WHERE ${where} ORDER BY u.username`, params);
  }

  private async userWithUnitKind(id: string): Promise<{ unit_code: string; kind: UnitKind } | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.dataSource.query<{ unit_code: string; kind: UnitKind }[]>(
      'SELECT u.unit_code, units.kind FROM users u JOIN units ON units.code = u.unit_code WHERE u.id = $1',
      [id],
    );
    return row;
  }

  /** A template's unit: `$lead` or a code, which must exist. */
  private async unitOf(ref: string, ctx: PartyContext): Promise<string> {
    const code = ref === LEAD_UNIT ? ctx.leadUnit : ref;
    const [row] = await this.dataSource.query<{ code: string }[]>('SELECT code FROM units WHERE code = $1', [code]);
    if (!row) throw new DirectoryError('unknown-unit', `No unit with code ${code}${ref === LEAD_UNIT ? ' (the lead department)' : ''}`);
    return code;
  }
}
