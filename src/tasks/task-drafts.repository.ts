// 草稿: the one owner of task_drafts' SQL. A draft is one person's half-filled form of one task.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface TaskDraft {
  values: Record<string, unknown>;
  savedAt: Date;
}

@Injectable()
export class TaskDraftsRepository {
  constructor(private readonly db: DataSource) {}

  async find(taskId: string, userId: string): Promise<TaskDraft | undefined> {
    const [row] = await this.db.query<{ values: Record<string, unknown>; saved_at: Date }[]>(
      'SELECT values, saved_at FROM task_drafts WHERE task_id = $1 AND user_id = $2',
      [taskId, userId],
    );
    return row && { values: row.values, savedAt: row.saved_at };
  }

  async save(taskId: string, userId: string, values: Record<string, unknown>): Promise<TaskDraft> {
    const [row] = await this.db.query<{ saved_at: Date }[]>(
      `INSERT INTO task_drafts (task_id, user_id, values) VALUES ($1, $2, $3)
       ON CONFLICT (task_id, user_id) DO UPDATE SET values = EXCLUDED.values, saved_at = now()
       RETURNING saved_at`,
      [taskId, userId, JSON.stringify(values)],
    );
    return { values, savedAt: row.saved_at };
  }

  async discard(taskId: string, userId: string): Promise<void> {
    await this.db.query('DELETE FROM task_drafts WHERE task_id = $1 AND user_id = $2', [taskId, userId]);
  }

  /** Every draft of a task: once it is done, nobody's half-filled form of it matters. */
  async discardAll(taskId: string): Promise<void> {
    await this.db.query('DELETE FROM task_drafts WHERE task_id = $1', [taskId]);
  }

  /** Drafts nobody will come back to — the task closed otherwise (a cancelled event), or handed on (转交): a few at a time, as drafts are saved. */
  async discardClosed(limit = 100): Promise<void> {
    await this.db.query(
      `DELETE FROM task_drafts WHERE (task_id, user_id) IN (
         SELECT d.task_id, d.user_id FROM task_drafts d JOIN tasks t ON t.id = d.task_id
          WHERE t.status <> 'open' OR NOT t.assignee_ids @> ARRAY[d.user_id] LIMIT $1)`,
      [limit],
    );
  }
}
