import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UnitKind } from './org.constants';

/** A unit of the organisation: the leadership, a department, a district federation, a member unit… */
@Entity({ name: 'units' })
export class Unit {
  /** Stable kebab-case code, e.g. `dept-family-children`, `district-yuzhong`; templates name units by it. */
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ type: 'text' })
  kind: UnitKind;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode: string | null;

  @Column({ name: 'sort_order', type: 'int' })
  sortOrder: number;
}
