import { Entity, PrimaryColumn } from 'typeorm';
import type { RoleCode } from '../../workflows/template-types';

/** A role a user holds in a unit, e.g. department-head of dept-publicity. */
@Entity({ name: 'user_roles' })
export class UserRole {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  role: RoleCode;

  @PrimaryColumn({ name: 'unit_code', type: 'text' })
  unitCode: string;
}
