// People the seed does not have, added by the tests that need them.
import { Client } from 'pg';
import type { Person } from '../../workflows/event-model';

/**
 * A second head of the family and children department (副部长), holding the same role in the same
 * unit as head-family-children, whose password they share: the colleague a sign-off can be handed
 * to (转交) under separation of duties. Adding them again reactivates the one already there.
 */
export async function addDeputyHead(databaseUrl: string | undefined, displayName = '副部长'): Promise<Person> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [row] = (
      await db.query<{ id: string; display_name: string }>(
        `INSERT INTO users (username, display_name, unit_code, password_hash)
         SELECT 'deputy-head-family-children', $1, 'dept-family-children', password_hash FROM users WHERE username = 'head-family-children'
         ON CONFLICT (username) DO UPDATE SET active = true RETURNING id, display_name`,
        [displayName],
      )
    ).rows;
    await db.query(`INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, 'department-head', 'dept-family-children') ON CONFLICT DO NOTHING`, [row.id]);
    return { id: row.id, displayName: row.display_name };
  } finally {
    await db.end();
  }
}
