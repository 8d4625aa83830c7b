import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';

/** A stream (a rendered PDF) is read while the mail is sent, never held whole. */
export interface MailAttachment { filename: string; content: Buffer | Readable; contentType: string }
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
  /** Stable id such as `<statement-42@portal>`, so a retried send is recognisable downstream. */
  messageId?: string;
}
export interface SendResult { messageId: string; transport: 'smtp' | 'outbox'; file?: string }
export interface Mailer { send(msg: OutgoingMail): Promise<SendResult>; close(): void }
export interface MailerOptions { smtpUrl?: string; outboxDir: string; from: string }

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * smtp:// upgrades with STARTTLS when offered (certificates verified); smtps:// is implicit TLS.
 * On loopback plain smtp:// skips STARTTLS: a local relay's self-signed cert protects nothing there.
 * Query parameters in the URL (e.g. `?ignoreTLS=false&tls.rejectUnauthorized=false`) override these defaults.
 */
function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const plainLoopback = url.protocol === 'smtp:' && LOOPBACK.has(url.hostname);
  return {
    url: smtpUrl,
    ...(plainLoopback ? { ignoreTLS: true } : {}),
    // nodemailer's defaults (2 min connect, 10 min idle) would stall a statement run on a dead relay.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

function outboxName(messageId: string): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const safe = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 120);
  return `${stamp}-${safe}.eml`;
}

export function createMailer(opts: MailerOptions): Mailer {
  const toMail = (msg: OutgoingMail) => ({
    from: opts.from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    attachments: msg.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    ...(msg.messageId ? { messageId: msg.messageId } : {}),
  });

  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(smtpOptions(opts.smtpUrl));
    return {
      // No retry here: the caller owns back-off and must see every failure.
      async send(msg) {
        const info = await transport.sendMail(toMail(msg));
        return { messageId: info.messageId, transport: 'smtp' };
      },
      close: () => transport.close(),
    };
  }

  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(msg) {
      const info = await transport.sendMail(toMail(msg));
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport returned no buffer');
      // The files carry live invitation links: the folder is 0700 and each file 0600 (an older,
      // wider folder is narrowed on the next send).
      await mkdir(opts.outboxDir, { recursive: true, mode: 0o700 });
      await chmod(opts.outboxDir, 0o700);
      const file = path.join(opts.outboxDir, outboxName(info.messageId));
      // Dot-prefixed temp name in the same dir: readers that glob *.eml never see it, and rename is atomic.
      const tmp = path.join(opts.outboxDir, `.${randomBytes(6).toString('hex')}.eml.tmp`);
      try {
        const fh = await open(tmp, 'wx', 0o600);
        try {
          await fh.writeFile(info.message);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { messageId: info.messageId, transport: 'outbox', file };
    },
    close: () => transport.close(),
  };
}

/** The portal's mailer as configured: `SMTP_URL`, else `.eml` files in `DATA_DIR/outbox`. */
export function mailerFor(config: { smtpUrl: string | null; dataDir: string; mailFrom: string }): Mailer {
  return createMailer({ smtpUrl: config.smtpUrl ?? undefined, outboxDir: path.join(config.dataDir, 'outbox'), from: config.mailFrom });
}
