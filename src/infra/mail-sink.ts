// Where email goes on a laptop: `npm start` without SMTP_URL runs this small SMTP server on
// 127.0.0.1, and every message the workers send lands as an .eml file under data/mail/ (open it
// with any mail client). Never started in production.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';

export interface MailSinkHandle {
  url: string;
  port: number;
  dir: string;
  stop: () => Promise<void>;
}

export async function startMailSink(opts: { dir: string; port: number; logger: Logger }): Promise<MailSinkHandle> {
  mkdirSync(opts.dir, { recursive: true });
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'fulian-flow local mail sink',
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address).join(',');
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(opts.dir, `${stamp}-${String(++seq).padStart(4, '0')}-${to.replace(/[^a-zA-Z0-9@._-]/g, '_').slice(0, 80)}.eml`);
      pipeline(stream, createWriteStream(file)).then(
        () => {
          opts.logger.info({ to, file }, 'Mail written to the local sink');
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`MAIL_SINK_PORT ${opts.port} is in use: set MAIL_SINK_PORT to a free port, or SMTP_URL to a mail server`)
          : err,
      );
    server.once('error', onError);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => opts.logger.warn({ err }, 'Local mail sink error'));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    dir: opts.dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
