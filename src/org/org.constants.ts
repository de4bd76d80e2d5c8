// The closed vocabularies of the organisation: unit kinds and role codes. The migration's CHECK
// constraints list the same values; a test compares them.
import type { RoleCode, UnitGroupCode } from '../../workflows/template-types';

export const UNIT_KINDS = ['leadership', 'department', 'office', 'district', 'agency-committee', 'wcc-member'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const ROLE_CODES = [
  'organiser',
  'department-head',
  'vice-chair',
  'chair',
  'district-liaison',
  'district-chair',
  'member-liaison',
  'exec-member',
  'admin',
] as const satisfies readonly RoleCode[];

// Fails to compile when workflows/template-types.ts gains a role this list lacks.
type MissingRole = Exclude<RoleCode, (typeof ROLE_CODES)[number]>;
const everyRoleListed: MissingRole extends never ? true : never = true;
void everyRoleListed;

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** How each role is named to people; zh-CN first, as everywhere in the product. */
export const ROLE_LABELS: Record<RoleCode, { 'zh-CN': string; en: string }> = {
  organiser: { 'zh-CN': '活动承办人', en: 'Organiser' },
  'department-head': { 'zh-CN': '部门负责人', en: 'Department head' },
  'vice-chair': { 'zh-CN': '副主席', en: 'Vice-chair' },
  chair: { 'zh-CN': '主席', en: 'Chair' },
  'district-liaison': { 'zh-CN': '区县妇联联络员', en: 'District liaison' },
  'district-chair': { 'zh-CN': '区县妇联主席', en: 'District federation chair' },
  'member-liaison': { 'zh-CN': '成员单位联络员', en: 'Member-unit liaison' },
  'exec-member': { 'zh-CN': '执委', en: 'Executive committee member' },
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
};

/**
 * Who answers for a unit when a notice is sent to it (签收, 参会回执): a district's liaison, a member
 * unit's or agency committee's liaison, a department's head, the leadership's chair.
 */
export const UNIT_CONTACT_ROLES: Record<UnitKind, RoleCode> = {
  leadership: 'chair',
  department: 'department-head',
  office: 'department-head',
  district: 'district-liaison',
  'agency-committee': 'member-liaison',
  'wcc-member': 'member-liaison',
};

/** The unit kind each group of units stands for; exec-committee is a group of people, not units. */
export const UNIT_GROUP_KINDS: Record<Exclude<UnitGroupCode, 'exec-committee'>, UnitKind> = {
  districts: 'district',
  'agency-committees': 'agency-committee',
  'wcc-members': 'wcc-member',
  departments: 'department',
};
