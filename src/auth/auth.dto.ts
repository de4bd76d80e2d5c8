import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
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
  @ApiPropertyOptional({ type: [String], description: '分管: departments a vice-chair is in charge of' }) inChargeOf: string[];
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 43200 }) expiresIn: number;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}
