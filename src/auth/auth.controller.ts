import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { UuidParam } from '../common/ids';
import { AuthService } from './auth.service';
import type { AuthUser } from './auth-user';
import { ChangePasswordDto, LockoutDto, LoginDto, LoginResponseDto, SessionUserDto, SetPasswordDto } from './auth.dto';
import { CurrentUser } from './current-user.decorator';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { Public } from './public.decorator';
import { AllowedWithTemporaryPassword } from './temporary-password.decorator';
import { Access } from '../access/access.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary: 'Sign in with username and password; returns a Bearer token and the user',
    description:
      'Limited per client address (LOGIN_RATE_LIMIT a minute) and per username: after LOGIN_LOCKOUT_AFTER failures in a row ' +
      'the username is locked for 1 min, then 5, 15 and 60 min (429 with Retry-After), whether or not such a user exists. ' +
      'In production a demo password is refused with 403.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(400, 401, 403, 429)
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @AllowedWithTemporaryPassword()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, with roles and portfolio as they are now' })
  @ApiOkResponse({ type: SessionUserDto })
  @ApiErrors(401)
  me(@CurrentUser() user: AuthUser): Promise<SessionUserDto> {
    return this.auth.sessionUser(user.id);
  }

  @Post('logout')
  @HttpCode(204)
  @AllowedWithTemporaryPassword()
  @ApiBearerAuth()
  @ApiOperation({ summary: "Sign out: ends all of the caller's sessions, on every device (退出登录)" })
  @ApiNoContentResponse({ description: 'Every token issued to the caller so far is refused from now on' })
  @ApiErrors(401)
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  @Post('password')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @AllowedWithTemporaryPassword()
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Change the caller's password (修改密码); ends every other session and returns a fresh token, as sign-in does",
    description:
      'The new password: at least 8 characters, at most 72 bytes, not the username, not the current password, not a demo password. ' +
      'A wrong current password counts as a failed sign-in of the username.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(400, 401, 429)
  changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<LoginResponseDto> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Get('lockouts')
  @Access('admin.lockouts')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Usernames locked now after repeated failed sign-ins (admin)' })
  @ApiOkResponse({ type: [LockoutDto] })
  @ApiErrors(401, 403)
  lockouts(): Promise<LockoutDto[]> {
    return this.auth.listLockouts();
  }

  @Delete('lockouts/:username')
  @HttpCode(204)
  @Access('admin.lockouts')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Lift a username's lockout (admin); its failures are forgotten" })
  @ApiParam({ name: 'username', example: 'chair' })
  @ApiNoContentResponse({ description: 'The username may sign in again' })
  @ApiErrors(401, 403, 404)
  liftLockout(@Param('username') username: string): Promise<void> {
    return this.auth.liftLockout(username);
  }
}

@ApiTags('auth')
@Controller('users')
export class UserSessionsController {
  constructor(private readonly auth: AuthService) {}

  @Post(':id/sessions/revoke')
  @HttpCode(204)
  @Access('admin.sessions')
  @ApiBearerAuth()
  @ApiOperation({ summary: "End every session of a user (admin): the user's tokens are refused from now on" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user id' })
  @ApiNoContentResponse({ description: 'Every token issued to the user so far is refused' })
  @ApiErrors(400, 401, 403, 404)
  revoke(@UuidParam() id: string): Promise<void> {
    return this.auth.revokeSessions(id);
  }

  @Post(':id/password')
  @HttpCode(204)
  @Access('admin.passwords')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Set a temporary password for another user (admin): the user's sessions end, and they are asked to change it at next sign-in",
    description:
      'The same rules as 修改密码: at least 8 characters, at most 72 bytes, not the username, not a demo password. ' +
      "The session user then carries mustChangePassword: true until the user changes it. Logged (who, whose), never the password. " +
      "Not for one's own account (400): that is POST /api/auth/password, which asks for the current one.",
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user id' })
  @ApiNoContentResponse({ description: 'The temporary password is set; every token issued to the user so far is refused' })
  @ApiErrors(400, 401, 403, 404)
  setPassword(@CurrentUser() admin: AuthUser, @UuidParam() id: string, @Body() body: SetPasswordDto): Promise<void> {
    return this.auth.setTemporaryPassword(admin, id, body.newPassword);
  }
}
