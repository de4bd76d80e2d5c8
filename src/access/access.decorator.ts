// Routes whose action needs nothing of the thing asked for (admin.*): the policy is asked before
// the handler runs. Routes about an event, a task or a unit ask it in their service instead.
import { applyDecorators, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { AuthRequest } from '../auth/auth-user';
import { ErrorResponseDto } from '../common/api-errors';
import { ACCESS_POLICY, type Action } from './access.policy';
import { AccessService } from './access.service';

const ACTION_KEY = 'fulian:access-action';

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const action = this.reflector.getAllAndOverride<Action | undefined>(ACTION_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!action) return true;
    await this.access.require(ctx.switchToHttp().getRequest<AuthRequest>().user, action);
    return true;
  }
}

/** The route takes `action`; callers the policy does not allow get 403. */
export function Access(action: Action) {
  const allow: readonly string[] = ACCESS_POLICY[action].allow;
  const open = allow.includes('signed-in') || allow.includes('anyone');
  return applyDecorators(
    SetMetadata(ACTION_KEY, action),
    UseGuards(AccessGuard),
    // Only a rule that can refuse a signed-in caller promises a 403.
    ...(open ? [] : [ApiForbiddenResponse({ description: `${ACCESS_POLICY[action].what}: ${allow.join(', ')}`, type: ErrorResponseDto })]),
  );
}
