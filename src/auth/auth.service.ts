// Sign-in, sessions and token verification. A token says only who (`sub`) and which generation of
// their sessions (`ver`); every request reads the user's roles, portfolio, unit and state from the
// database in one query, so a demotion, a deactivation, a sign-out or a password change counts at
// the next request.
import { Inject, Injectable, Logger, UnauthorizedException, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { AccountsRepository, type Principal } from './accounts.repository';
import { AUTH_MESSAGES, retryIn } from './auth.messages';
import type { AuthUser, TokenClaims } from './auth-user';
import { PASSWORD_MAX_BYTES, type LockoutDto, type LoginResponseDto, type SessionUserDto } from './auth.dto';
import { LoginLockouts } from './login-lockouts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Clocks of several API processes disagree a little; a token "issued" further ahead is forged. */
const CLOCK_SKEW_SECONDS = 60;

/** The password every demo account is seeded with unless DEMO_PASSWORD says otherwise (README). */
const PUBLISHED_DEMO_PASSWORD = 'demo';

/** TOKEN_TTL ("12h", "30m") in seconds; the config has already checked its form. */
export function ttlSeconds(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) throw new Error(`TOKEN_TTL=${JSON.stringify(ttl)}: expected a duration like 12h or 30m`);
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

/**
 * The passwords that open no account in production: the published one, and DEMO_PASSWORD unless
 * this deployment deliberately seeds demo users with it (a pilot with a strong DEMO_PASSWORD).
 */
export function refusedInProduction(auth: AppConfig['auth'], password: string): boolean {
  return password === PUBLISHED_DEMO_PASSWORD || (!auth.seedDemoUsers && password === auth.demoPassword);
}

/** The signed claims as verified: ours, with an expiry no further out than TOKEN_TTL allows. */
function wellFormed(c: unknown, ttl: number, now: number): c is TokenClaims & { iat: number; exp: number } {
  if (typeof c !== 'object' || c === null) return false;
  const claims = c as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    Number.isInteger(claims.ver) &&
    (claims.ver as number) >= 0 &&
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number' &&
    claims.iat <= now + CLOCK_SKEW_SECONDS &&
    claims.exp - claims.iat <= ttl
  );
}

@Injectable()
export class AuthService implements OnModuleInit {
  readonly expiresIn: number;
  private readonly log = new Logger('Auth');

  constructor(
    private readonly jwt: JwtService,
    private readonly accounts: AccountsRepository,
    private readonly lockouts: LoginLockouts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.expiresIn = ttlSeconds(config.auth.tokenTtl);
  }

  onModuleInit(): void {
    // Computed ahead, so that even the first unknown username costs no more than a wrong password.
    dummyPasswordHash().catch(() => undefined);
  }

  async login(username: string, password: string): Promise<LoginResponseDto> {
    const name = username.trim().toLowerCase();
    // A locked username is refused before any password is compared: a guess there proves nothing.
    await this.refuseIfLocked(name);
    if (this.config.env === 'production' && refusedInProduction(this.config.auth, password)) {
      throw new DomainError('FORBIDDEN', ...halves(AUTH_MESSAGES.demoPasswordRefused));
    }
    const account = await this.accounts.credentialsOf(name);
    // Always one bcrypt comparison, whether or not the user exists.
    const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
    // Again after the comparison: a burst of parallel guesses all pass the first check before any
    // failure is counted. Once the burst has locked the username, every answer still in flight is
    // the lockout, right password or not (else a burst tests as many guesses as it sends, and a
    // 401/429 split would point at the right one).
    await this.refuseIfLocked(name);
    if (!account || !account.active || !matches) {
      await this.failed(name);
      throw new UnauthorizedException(AUTH_MESSAGES.wrongCredentials);
    }
    await this.lockouts.clear(name);
    return this.issue(account.id);
  }

  /**
   * The user behind a token: a valid signature, `exp` and `iat` present, an active account, a current
   * session, and (unless the route is one of the few `temporaryPasswordAllowed`) a password of the
   * user's own: with an administrator's temporary one, 403 until it is changed.
   */
  async authenticate(token: string, temporaryPasswordAllowed = false): Promise<AuthUser> {
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync<object>(token);
    } catch {
      throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    }
    if (!wellFormed(claims, this.expiresIn, Math.floor(Date.now() / 1000))) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    const principal = await this.accounts.principal(claims.sub);
    if (!principal?.active || principal.tokenVersion !== claims.ver) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    // The web app sends such a user to 修改密码 first; the API holds every other client to it too,
    // so a temporary password (known to the administrator who set it) does nothing but get replaced.
    if (principal.mustChangePassword && !temporaryPasswordAllowed) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', ...halves(AUTH_MESSAGES.passwordChangeRequired));
    }
    return {
      id: principal.id,
      username: principal.username,
      displayName: principal.displayName,
      unitCode: principal.unitCode,
      roles: principal.roles,
      inChargeOf: principal.inChargeOf,
    };
  }

  /** The user as the web app shows them, read fresh from the database. */
  async sessionUser(userId: string): Promise<SessionUserDto> {
    const principal = await this.accounts.principal(userId);
    if (!principal) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    return toSessionUser(principal);
  }

  /** 退出登录: ends every session of the user, on every device. */
  async logout(user: AuthUser): Promise<void> {
    await this.accounts.bumpTokenVersion(user.id);
  }

  /** 修改密码: the current password first; then every older session ends and this one gets a fresh token. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<LoginResponseDto> {
    await this.refuseIfLocked(user.username);
    const account = await this.accounts.credentialsById(user.id);
    if (!account) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    const matches = await verifyPassword(currentPassword, account.passwordHash);
    await this.refuseIfLocked(account.username); // as at sign-in: a burst is answered as locked once it has locked the username
    if (!matches) {
      // A stolen token must not become a way to guess the password: these failures count too.
      await this.failed(account.username);
      throw invalid('currentPassword', AUTH_MESSAGES.wrongCurrentPassword);
    }
    const rule = this.weakness(account.username, currentPassword, newPassword);
    if (rule) throw invalid('newPassword', rule);
    await this.accounts.setPassword(account.id, await hashPassword(newPassword), false);
    await this.lockouts.clear(account.username);
    return this.issue(account.id);
  }

  /**
   * An administrator gives a user a temporary password (forgotten, or a demo password refused in
   * production): every session of the user ends, and the user is asked to change it at the next
   * sign-in. The old password is not compared: that would let the administrator test guesses of it.
   */
  async setTemporaryPassword(admin: AuthUser, userId: string, newPassword: string): Promise<void> {
    const account = await this.accounts.credentialsById(userId);
    if (!account) throw new DomainError('NOT_FOUND', ...halves(AUTH_MESSAGES.unknownUser));
    // One's own password is changed knowing the current one; otherwise a stolen admin token could take the account over.
    if (account.id === admin.id) throw invalid('id', AUTH_MESSAGES.ownPasswordHere);
    const rule = this.weakness(account.username, undefined, newPassword);
    if (rule) throw invalid('newPassword', rule);
    await this.accounts.setPassword(account.id, await hashPassword(newPassword), true);
    // The user is given a way in: a lockout from earlier guesses would keep them out of it.
    await this.lockouts.clear(account.username);
    // Who set whose password, never the password itself.
    this.log.log({ msg: 'temporary password set', adminId: admin.id, adminUsername: admin.username, userId: account.id, username: account.username });
  }

  /** An administrator ends every session of a user (a lost phone, a leaver). */
  async revokeSessions(userId: string): Promise<void> {
    const version = await this.accounts.bumpTokenVersion(userId);
    if (version === undefined) throw new DomainError('NOT_FOUND', ...halves(AUTH_MESSAGES.unknownUser));
  }

  async listLockouts(): Promise<LockoutDto[]> {
    return (await this.lockouts.list()).map((l) => ({
      username: l.username,
      lockedUntil: l.lockedUntil.toISOString(),
      round: l.round,
      lastFailureAt: l.lastFailureAt.toISOString(),
      knownUser: l.knownUser,
    }));
  }

  async liftLockout(username: string): Promise<void> {
    if (!(await this.lockouts.lift(username.trim().toLowerCase()))) throw new DomainError('NOT_FOUND', ...halves(AUTH_MESSAGES.noLockout));
  }

  private async issue(userId: string): Promise<LoginResponseDto> {
    const principal = await this.accounts.principal(userId);
    if (!principal) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    const claims: TokenClaims = { sub: principal.id, ver: principal.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.expiresIn, user: toSessionUser(principal) };
  }

  private async refuseIfLocked(username: string): Promise<void> {
    const seconds = await this.lockouts.lockedFor(username);
    if (seconds !== undefined) throw tooMany(seconds);
  }

  /** Counts a failure; the one that locks the username already answers 429. */
  private async failed(username: string): Promise<void> {
    const seconds = await this.lockouts.recordFailure(username);
    if (seconds !== undefined) throw tooMany(seconds);
  }

  /** The rule a new password breaks, as "中文 / English", or undefined. */
  private weakness(username: string, currentPassword: string | undefined, newPassword: string): string | undefined {
    const lower = newPassword.trim().toLowerCase();
    if (Buffer.byteLength(newPassword, 'utf8') > PASSWORD_MAX_BYTES) {
      return `新密码（newPassword）最长 ${PASSWORD_MAX_BYTES} 字节（一个汉字占 3 字节） / newPassword must be at most ${PASSWORD_MAX_BYTES} bytes (a Chinese character takes 3)`;
    }
    if (lower === username.toLowerCase()) return '新密码（newPassword）不能与用户名相同 / newPassword must not be the username';
    if (currentPassword !== undefined && newPassword === currentPassword) return '新密码（newPassword）不能与当前密码相同 / newPassword must differ from the current password';
    if (lower === PUBLISHED_DEMO_PASSWORD || newPassword === this.config.auth.demoPassword) {
      return '新密码（newPassword）不能是演示密码 / newPassword must not be a demo password';
    }
    return undefined;
  }
}

function toSessionUser(p: Principal): SessionUserDto {
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    unitCode: p.unitCode,
    unitName: p.locale === 'en' ? p.unitName.en : p.unitName['zh-CN'],
    locale: p.locale,
    roles: p.roles,
    inChargeOf: p.inChargeOf,
    mustChangePassword: p.mustChangePassword,
  };
}

function halves(message: string): [string, string] {
  const [zh, en] = message.split(' / ');
  return [zh, en];
}

function invalid(field: string, message: string): DomainError {
  const [zh, en] = halves(message);
  return new DomainError('INVALID', zh, en, [{ field, message: { 'zh-CN': zh, en } }]);
}

function tooMany(seconds: number): DomainError {
  const { zh, en } = retryIn(AUTH_MESSAGES.lockedOut, seconds);
  const error = new DomainError('TOO_MANY', zh, en);
  error.retryAfterSeconds = seconds;
  return error;
}
