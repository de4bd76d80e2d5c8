import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { RoleCode } from '../../workflows/template-types';
import { LOCALES, ROLE_CODES, UNIT_KINDS, type Locale, type UnitKind } from './org.constants';

export class ListUnitsQuery {
  @ApiPropertyOptional({ enum: UNIT_KINDS, description: 'Only units of this kind' })
  @IsOptional()
  @IsIn(UNIT_KINDS, { message: `单位类型（kind）须为 ${UNIT_KINDS.join('、')} 之一 / kind must be one of ${UNIT_KINDS.join(', ')}` })
  kind?: UnitKind;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLE_CODES, description: 'Only users holding this role (in `unit`, when given)' })
  @IsOptional()
  @IsIn(ROLE_CODES, { message: `角色（role）须为 ${ROLE_CODES.join('、')} 之一 / role must be one of ${ROLE_CODES.join(', ')}` })
  role?: RoleCode;

  @ApiPropertyOptional({ example: 'dept-family-children', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Only users of this unit, or holding a role in it' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: '单位代码（unit）格式不正确 / unit must be a unit code such as dept-publicity' })
  unit?: string;
}

export class UnitDto {
  @ApiProperty({ example: 'district-yuzhong' }) code: string;
  @ApiProperty({ example: '渝中区妇联' }) nameZh: string;
  @ApiProperty({ example: "Yuzhong District Women's Federation" }) nameEn: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiPropertyOptional({ example: 'fed-leadership' }) parentCode?: string;
}

export class UserRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'head-family-children' }) username: string;
  @ApiProperty({ example: '罗明月' }) displayName: string;
  @ApiProperty({ example: 'dept-family-children' }) unitCode: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
}
