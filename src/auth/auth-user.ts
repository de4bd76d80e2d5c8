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

/** What the access token carries: enough to authorise a request without reading the database. */
export interface TokenClaims {
  sub: string;
  username: string;
  displayName: string;
  unitCode: string;
  roles: RoleGrant[];
  inChargeOf: string[];
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
