import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { RoleCode } from '../../workflows/template-types';
import { ErrorResponseDto } from '../common/api-errors';
import { requiresRoleMessage } from './auth.messages';
import { ROLES_KEY, RolesGuard } from './roles.guard';

/** Only users holding one of these roles (in any unit) may call the route; others get 403. */
export function Roles(...roles: RoleCode[]) {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(RolesGuard),
    ApiForbiddenResponse({ description: requiresRoleMessage(roles), type: ErrorResponseDto }),
  );
}
