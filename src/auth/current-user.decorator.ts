import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { AUTH_MESSAGES } from './auth.messages';
import type { AuthRequest, AuthUser } from './auth-user';

/** The signed-in user, as the global guard verified it. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthRequest>().user;
  // Only a @Public() route can get here without one, and such a route should not ask.
  if (!user) throw new UnauthorizedException(AUTH_MESSAGES.missingToken);
  return user;
});
