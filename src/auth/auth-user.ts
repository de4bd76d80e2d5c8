// Who is calling: the signed-in user as every controller and service sees it.
import type { RoleCode } from '../../workflows/template-types';
import type { RoleGrant } from '../org/directory.service';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
  roles: RoleGrant[];
  /** 分管: departments this user (a vice-chair) is in charge of. */
  inChargeOf: string[];
}

/**
 * What the access token carries besides `iss`, `iat` and `exp`: who, and which generation of their
 * sessions. Nothing that grants anything: roles, unit, portfolio and the account's state are read
 * from the database at every request, so a demotion or a deactivation counts at once.
 */
export interface TokenClaims {
  sub: string;
  /** users.token_version at sign-in; sign-out, a password change and revocation bump it. */
  ver: number;
}

/** The HTTP request as the guards see it (Express underneath). */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/** Does the user hold `role` — in `unitCode`, when given, or in any unit? */
export function hasRole(user: Pick<AuthUser, 'roles'>, role: RoleCode, unitCode?: string): boolean {
  return user.roles.some((g) => g.role === role && (unitCode === undefined || g.unitCode === unitCode));
}
