// A real SMTP server for tests (the `smtp-server` package) that keeps every message it is given,
// parsed with mailparser, with the SMTP envelope (MAIL FROM, RCPT TO) as the client sent it.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
  parsed: ParsedMail;
  messageId: string;
  receivedAt: number;
}

export interface SmtpCapture {
  url: string;
  port: number;
  messages: CapturedMail[];
  close(): Promise<void>;
}

export interface SmtpCaptureOptions {
  /** How long the server takes to answer 250 after the message's final dot. */
  acceptDelayMs?: number;
  /** Runs when a whole message has arrived (and is recorded), before the server answers. */
  beforeReply?: (mail: CapturedMail, index: number) => Promise<void> | void;
}

export async function startSmtpCapture(opts: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          const mail: CapturedMail = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
            messageId: parsed.messageId ?? '',
            receivedAt: Date.now(),
          };
          messages.push(mail);
          await opts.beforeReply?.(mail, messages.length - 1);
          if (opts.acceptDelayMs) await new Promise((r) => setTimeout(r, opts.acceptDelayMs));
          callback();
        })().catch((err: Error) => callback(err));
      });
    },
  });
  server.on('error', () => undefined); // a client killed mid-transaction is expected in some tests
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
