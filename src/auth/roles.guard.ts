import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RoleCode } from '../../workflows/template-types';
import { AUTH_MESSAGES, requiresRoleMessage } from './auth.messages';
import { hasRole, type AuthRequest } from './auth-user';

export const ROLES_KEY = 'fulian:roles';

/** Runs after the global token guard: the user must hold one of the route's roles (in any unit). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<RoleCode[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!roles?.length) return true;
    const user = ctx.switchToHttp().getRequest<AuthRequest>().user;
    if (!user) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    if (roles.some((role) => hasRole(user, role))) return true;
    throw new ForbiddenException(requiresRoleMessage(roles));
  }
}
