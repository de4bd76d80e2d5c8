import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { LOCALES, ROLE_CODES, type Locale } from '../org/org.constants';
import type { RoleCode } from '../../workflows/template-types';

export class LoginDto {
  @ApiProperty({ example: 'organiser-family-children', minLength: 1, maxLength: 100 })
  @IsString({ message: '用户名（username）必须是文本 / username must be a string' })
  @IsNotEmpty({ message: '用户名（username）不能为空 / username is required' })
  @MaxLength(100, { message: '用户名（username）最长 100 个字符 / username must be at most 100 characters' })
  username: string;

  @ApiProperty({ example: 'demo', minLength: 1, maxLength: 200 })
  @IsString({ message: '密码（password）必须是文本 / password must be a string' })
  @IsNotEmpty({ message: '密码（password）不能为空 / password is required' })
  @MaxLength(200, { message: '密码（password）最长 200 个字符 / password must be at most 200 characters' })
  password: string;
}

export class RoleGrantDto {
  @ApiProperty({ enum: ROLE_CODES }) role: RoleCode;
  @ApiProperty({ example: 'dept-family-children' }) unitCode: string;
}

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'organiser-family-children' }) username: string;
  @ApiProperty({ example: '蒋晓燕' }) displayName: string;
  @ApiProperty({ example: 'dept-family-children' }) unitCode: string;
  @ApiProperty({ example: '家庭和儿童工作部', description: "The unit's name in the user's locale" }) unitName: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: [RoleGrantDto] }) roles: RoleGrantDto[];
  @ApiProperty({ type: [String], description: '分管: departments a vice-chair is in charge of (empty for everyone else)' }) inChargeOf: string[];
  @ApiProperty({ description: 'An administrator set a temporary password: the web app asks for a new one (修改密码) before anything else' })
  mustChangePassword: boolean;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 43200 }) expiresIn: number;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}

/** bcrypt reads at most 72 bytes of a password; more would be silently ignored. */
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_MIN_LENGTH = 8;

/** The rules every new password is checked against here; AuthService.weakness adds the rest. */
function NewPassword(example: string, description: string) {
  return applyDecorators(
    ApiProperty({ example, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_BYTES, description }),
    IsString({ message: '新密码（newPassword）必须是文本 / newPassword must be a string' }),
    MinLength(PASSWORD_MIN_LENGTH, { message: `新密码（newPassword）至少 ${PASSWORD_MIN_LENGTH} 个字符 / newPassword must be at least ${PASSWORD_MIN_LENGTH} characters` }),
    MaxLength(PASSWORD_MAX_BYTES, { message: `新密码（newPassword）最长 ${PASSWORD_MAX_BYTES} 个字符 / newPassword must be at most ${PASSWORD_MAX_BYTES} characters` }),
  );
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'demo', minLength: 1, maxLength: 200 })
  @IsString({ message: '当前密码（currentPassword）必须是文本 / currentPassword must be a string' })
  @IsNotEmpty({ message: '当前密码（currentPassword）不能为空 / currentPassword is required' })
  @MaxLength(200, { message: '当前密码（currentPassword）最长 200 个字符 / currentPassword must be at most 200 characters' })
  currentPassword: string;

  @NewPassword('a long sentence I remember', 'At least 8 characters, at most 72 bytes; not the username, not the current password, not a demo password')
  newPassword: string;
}

export class SetPasswordDto {
  @NewPassword('temporary-7Kq2-pass', 'A temporary password: at least 8 characters, at most 72 bytes; not the username, not a demo password')
  newPassword: string;
}

export class LockoutDto {
  @ApiProperty({ example: 'chair', description: 'As typed at sign-in (lower-cased); need not be an account' }) username: string;
  @ApiProperty({ format: 'date-time' }) lockedUntil: string;
  @ApiProperty({ example: 1, description: 'Which lockout this is since the last successful sign-in: 1 min, 5, 15, then 60 min' }) round: number;
  @ApiProperty({ format: 'date-time' }) lastFailureAt: string;
  @ApiProperty({ description: 'Whether an account has this username' }) knownUser: boolean;
}
