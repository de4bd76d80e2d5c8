import { Entity, PrimaryColumn } from 'typeorm';

/** 分管: a department (or office) a vice-chair is in charge of; it signs off that department's work. */
@Entity({ name: 'vice_chair_portfolio' })
export class ViceChairPortfolio {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'department_code', type: 'text' })
  departmentCode: string;
}
