// What a refused request says: zh-CN first, then English, one message per reason.

export const AUTH_MESSAGES = {
  /** The same for an unknown user, a wrong password and a deactivated account: nothing to probe. */
  wrongCredentials: '用户名或密码错误 / Wrong username or password',
  missingToken: '缺少或无效的登录令牌 / Missing or invalid token',
  adminOnly: '需要管理员权限 / Admin only',
  /** Production only: the publicly known demo password opens no account, whichever it is. */
  demoPasswordRefused:
    '生产环境不接受演示密码登录，请联系管理员为此账号设置新密码 / Demo passwords are refused in production; ask an administrator to set a new password for this account',
  /** Per client address: the same for every username. */
  tooManyRequests: '来自此网络地址的尝试过于频繁 / Too many attempts from this address',
  /** Per username, whether or not such a user exists: a lockout says nothing about which names are real. */
  lockedOut: '登录失败次数过多，该用户名已暂时锁定 / Too many failed sign-ins: this username is locked for now',
  noLockout: '该用户名当前没有登录锁定 / This username is not locked',
  unknownUser: '用户不存在 / No such user',
  ownPasswordHere:
    '不能用此方式重设自己的密码，请使用“修改密码”（POST /api/auth/password） / Change your own password with POST /api/auth/password (修改密码), which asks for the current one',
  wrongCurrentPassword: '当前密码（currentPassword）不正确 / currentPassword is not your current password',
  /** Everything but 当前用户, 退出登录 and 修改密码, while an administrator's temporary password is in use. */
  passwordChangeRequired:
    '请先修改临时密码（POST /api/auth/password） / Change your temporary password first (POST /api/auth/password)',
} as const;

/** "…, 请 3 分钟后再试 / …; try again in 3 min" — whole minutes, rounded up, or seconds under a minute. */
export function retryIn(message: string, seconds: number): { zh: string; en: string } {
  const [zh, en] = message.split(' / ');
  const s = Math.max(1, Math.ceil(seconds));
  const wait = s < 60 ? { zh: `${s} 秒`, en: `${s} s` } : { zh: `${Math.ceil(s / 60)} 分钟`, en: `${Math.ceil(s / 60)} min` };
  return { zh: `${zh}，请 ${wait.zh}后再试`, en: `${en}; try again in ${wait.en}` };
}
