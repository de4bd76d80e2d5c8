// Where the content of an attachment lives. PostgreSQL is the store by default: the content is
// written in the same transaction as the attachment's row, so an upload that fails half-way leaves
// neither, and it is backed up with everything else. A store outside the database (an
// S3-compatible one) implements the same interface: it writes before the row is committed and is
// told to discard what it wrote when the transaction does not commit.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';

/** Where files are kept: PostgreSQL, until another store is configured. */
export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

export interface AttachmentStore {
  /** Recorded with each attachment (`attachments.store`), so a file is read from where it was put. */
  readonly name: string;
  /** Writes the file at `path` as attachment `id`, within `tx` where the store can take part in it. */
  write(tx: EntityManager, id: string, path: string): Promise<void>;
  /** Removes what `write` put outside the transaction that then failed (nothing for the database). */
  discard(id: string): Promise<void>;
  /** The content, a piece at a time. */
  read(id: string): Readable;
}

/** 256 KiB a row: large enough that a 20 MB file is 80 rows, small enough to stream. */
export const CHUNK_BYTES = 256 * 1024;

export class PostgresAttachmentStore implements AttachmentStore {
  readonly name = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async write(tx: EntityManager, id: string, path: string): Promise<void> {
    let seq = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      await tx.query('INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)', [id, seq++, chunk]);
    }
  }

  async discard(): Promise<void> {
    // The rolled-back transaction took the chunks with it.
  }

  read(id: string): Readable {
    const dataSource = this.dataSource;
    // One chunk per query: a download holds one chunk in memory, however large the file.
    return Readable.from(
      (async function* chunks() {
        for (let seq = 0; ; seq++) {
          const [row] = await dataSource.query<{ data: Buffer }[]>('SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND seq = $2', [id, seq]);
          if (!row) return;
          yield row.data;
        }
      })(),
    );
  }
}
