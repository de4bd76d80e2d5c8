// What a refused request says: zh-CN first, then English, one message per reason.
import type { RoleCode } from '../../workflows/template-types';
import { ROLE_LABELS } from '../org/org.constants';

export const AUTH_MESSAGES = {
  /** The same for an unknown user, a wrong password and a deactivated account: nothing to probe. */
  wrongCredentials: '用户名或密码错误 / Wrong username or password',
  missingToken: '缺少或无效的登录令牌 / Missing or invalid token',
  adminOnly: '需要管理员权限 / Admin only',
} as const;

export function requiresRoleMessage(roles: RoleCode[]): string {
  if (roles.length === 1 && roles[0] === 'admin') return AUTH_MESSAGES.adminOnly;
  const zh = roles.map((r) => ROLE_LABELS[r]['zh-CN']).join('、');
  const en = roles.map((r) => ROLE_LABELS[r].en).join(', ');
  return `需要以下角色之一：${zh} / Requires one of the roles: ${en}`;
}
