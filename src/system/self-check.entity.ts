import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One run of the platform self-check: the API started a workflow, a worker ran its activity, and the
 * activity wrote this row. Reading it back proves API ↔ Temporal ↔ worker ↔ PostgreSQL end to end.
 */
@Entity({ name: 'system_checks' })
export class SelfCheck {
  /** The workflow id; a retried activity writes the same row once. */
  @PrimaryColumn({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'worker_identity', type: 'text' })
  workerIdentity: string;

  @Column({ name: 'activity_attempt', type: 'int' })
  activityAttempt: number;

  @Column({ name: 'database_time', type: 'timestamptz' })
  databaseTime: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
