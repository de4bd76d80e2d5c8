// Sign-in and token verification. Roles are read from the database at sign-in and carried in the
// token; each request re-checks only that the account is still active.
import { Inject, Injectable, UnauthorizedException, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DirectoryService } from '../org/directory.service';
import { ROLE_CODES, type Locale } from '../org/org.constants';
import { AUTH_MESSAGES } from './auth.messages';
import type { AuthUser, TokenClaims } from './auth-user';
import type { LoginResponseDto, SessionUserDto } from './auth.dto';
import { dummyPasswordHash, verifyPassword } from './password';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** TOKEN_TTL ("12h", "30m") in seconds; the config has already checked its form. */
export function ttlSeconds(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) throw new Error(`TOKEN_TTL=${JSON.stringify(ttl)}: expected a duration like 12h or 30m`);
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

@Injectable()
export class AuthService implements OnModuleInit {
  readonly expiresIn: number;

  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expiresIn = ttlSeconds(config.auth.tokenTtl);
  }

  onModuleInit(): void {
    // Computed ahead, so that even the first unknown username costs no more than a wrong password.
    dummyPasswordHash().catch(() => undefined);
  }

  async login(username: string, password: string): Promise<LoginResponseDto> {
    const [account] = await this.dataSource.query<{ id: string; password_hash: string; active: boolean }[]>(
      'SELECT id, password_hash, active FROM users WHERE username = $1',
      [username.trim().toLowerCase()],
    );
    // Always one bcrypt comparison, whether or not the user exists.
    const matches = await verifyPassword(password, account?.password_hash ?? (await dummyPasswordHash()));
    if (!account || !account.active || !matches) throw new UnauthorizedException(AUTH_MESSAGES.wrongCredentials);

    const user = await this.sessionUser(account.id);
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      displayName: user.displayName,
      unitCode: user.unitCode,
      roles: user.roles,
      inChargeOf: user.inChargeOf,
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.expiresIn, user };
  }

  /** The user behind a token: a valid signature, unexpired, well-formed claims, an active account. */
  async authenticate(token: string): Promise<AuthUser> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    }
    if (!wellFormed(claims) || !(await this.directory.isActive(claims.sub))) {
      throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    }
    return {
      id: claims.sub,
      username: claims.username,
      displayName: claims.displayName,
      unitCode: claims.unitCode,
      roles: claims.roles,
      inChargeOf: claims.inChargeOf,
    };
  }

  /** The user as the web app shows them, read fresh from the database. */
  async sessionUser(userId: string): Promise<SessionUserDto> {
    const [row] = await this.dataSource.query<
      { id: string; username: string; display_name: string; unit_code: string; locale: Locale; name_zh: string; name_en: string }[]
    >(
      `SELECT u.id, u.username, u.display_name, u.unit_code, u.locale, units.name_zh, units.name_en
         FROM users u JOIN units ON units.code = u.unit_code WHERE u.id = $1`,
      [userId],
    );
    if (!row) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    const [roles, inChargeOf] = await Promise.all([this.directory.rolesOf(userId), this.directory.inChargeOf(userId)]);
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      unitCode: row.unit_code,
      unitName: row.locale === 'en' ? row.name_en : row.name_zh,
      locale: row.locale,
      roles,
      inChargeOf,
    };
  }
}

/** A token signed with our secret but not by this version's sign-in (an older shape) is refused. */
function wellFormed(c: TokenClaims): boolean {
  const roles = new Set<string>(ROLE_CODES);
  return (
    typeof c === 'object' &&
    typeof c.sub === 'string' &&
    typeof c.username === 'string' &&
    typeof c.displayName === 'string' &&
    typeof c.unitCode === 'string' &&
    Array.isArray(c.roles) &&
    c.roles.every((g) => typeof g?.unitCode === 'string' && roles.has(g.role)) &&
    Array.isArray(c.inChargeOf) &&
    c.inChargeOf.every((d) => typeof d === 'string')
  );
}
