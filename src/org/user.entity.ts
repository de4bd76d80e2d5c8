import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Locale } from './org.constants';

/** A person who signs in: federation staff, leaders, district and member-unit contacts. */
@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always lower case (a CHECK enforces it), so look-ups lower-case their input. */
  @Column({ type: 'text', unique: true })
  username: string;

  /** The person's name as colleagues write it (Chinese). */
  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ name: 'unit_code', type: 'text' })
  unitCode: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', default: 'zh-CN' })
  locale: Locale;

  /** A deactivated user cannot sign in, loses a token at its next request, and is never resolved as a party. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Copied into each token at sign-in; bumped to end every session (sign-out, password change, revocation). */
  @Column({ name: 'token_version', type: 'int', default: 0 })
  tokenVersion: number;

  /** Set with a temporary password an administrator gave; cleared when the user changes it (修改密码). */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
