import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/api-errors';
import { AUTH_MESSAGES } from './auth.messages';
import { AuthService } from './auth.service';
import type { AuthUser } from './auth-user';
import { LoginDto, LoginResponseDto, SessionUserDto } from './auth.dto';
import { CurrentUser } from './current-user.decorator';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password; returns a Bearer token and the user' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid; the message names it', type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ description: AUTH_MESSAGES.wrongCredentials, type: ErrorResponseDto })
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, with roles and portfolio as they are now' })
  @ApiOkResponse({ type: SessionUserDto })
  @ApiUnauthorizedResponse({ description: AUTH_MESSAGES.missingToken, type: ErrorResponseDto })
  me(@CurrentUser() user: AuthUser): Promise<SessionUserDto> {
    return this.auth.sessionUser(user.id);
  }
}
