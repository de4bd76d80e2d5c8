import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUTH_MESSAGES } from './auth.messages';
import { AuthService } from './auth.service';
import type { AuthRequest } from './auth-user';
import { IS_PUBLIC } from './public.decorator';
import { ALLOWED_WITH_TEMPORARY_PASSWORD } from './temporary-password.decorator';

/**
 * The global guard (APP_GUARD): every route needs a valid Bearer token unless it is @Public(), and a
 * password of the user's own unless it is @AllowedWithTemporaryPassword().
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const request = ctx.switchToHttp().getRequest<AuthRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
    const temporaryPasswordAllowed = this.reflector.getAllAndOverride<boolean | undefined>(ALLOWED_WITH_TEMPORARY_PASSWORD, [ctx.getHandler(), ctx.getClass()]);
    request.user = await this.auth.authenticate(token, temporaryPasswordAllowed === true);
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
