import { SetMetadata } from '@nestjs/common';

export const ALLOWED_WITH_TEMPORARY_PASSWORD = 'fulian:allowed-with-temporary-password';

/**
 * Lets a signed-in user through while their password is a temporary one an administrator set
 * (mustChangePassword): only what it takes to see who they are, sign out, or choose their own
 * password. Every other signed-in route answers 403 until they have (JwtAuthGuard).
 */
export const AllowedWithTemporaryPassword = () => SetMetadata(ALLOWED_WITH_TEMPORARY_PASSWORD, true);
