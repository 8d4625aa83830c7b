import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { createMailer } from '../services/mailer.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';

// Bytes that break any text-mode or line-ending handling: NUL, bare CR/LF, high bytes.
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\r\n', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  randomBytes(4096),
  Buffer.from('\r\n.\r\n%%EOF\n'),
]);
const FROM = 'Portal <noreply@portal.example>';

describe('mailer over SMTP', () => {
  let smtp: TestSmtp;
  before(async () => { smtp = await startSmtp(); });
  after(() => smtp.stop());

  test('delivers subject, recipient, text and a byte-identical attachment, keeping the Message-ID', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: FROM });
    const res = await mailer.send({
      to: 'reseller@example.com',
      subject: 'Einzelaufstellung März 2025',
      text: 'Ihre Abrechnung liegt bei.\n',
      attachments: [{ filename: 'statement-42.pdf', content: pdf, contentType: 'application/pdf' }],
      messageId: '<statement-42@portal>',
    });
    mailer.close();
    assert.equal(res.transport, 'smtp');
    assert.equal(res.messageId, '<statement-42@portal>');

    const [mail] = await smtp.waitFor(1);
    assert.equal(mail.subject, 'Einzelaufstellung März 2025');
    assert.equal(mail.messageId, '<statement-42@portal>');
    assert.equal(mail.text, 'Ihre Abrechnung liegt bei.\n');
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    assert.equal(to?.value[0]?.address, 'reseller@example.com');
    assert.equal(mail.from?.value[0]?.address, 'noreply@portal.example');
    assert.equal(mail.attachments.length, 1);
    assert.equal(mail.attachments[0].filename, 'statement-42.pdf');
    assert.equal(mail.attachments[0].contentType, 'application/pdf');
    assert.ok(mail.attachments[0].content.equals(pdf), 'attachment bytes differ');
  });

  test('a 451 answer rejects send(), and the same message goes through on retry', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: FROM });
    const before = smtp.messages.length;
    smtp.failNext(1);
    const msg = { to: 'a@example.com', subject: 'retry me', text: 'x', messageId: '<statement-43@portal>' };
    await assert.rejects(mailer.send(msg), (err: Error & { responseCode?: number }) => {
      assert.equal(err.responseCode, 451);
      return true;
    });
    assert.equal(smtp.messages.length, before);
    await mailer.send(msg);
    const all = await smtp.waitFor(before + 1);
    assert.equal(all.at(-1)?.messageId, '<statement-43@portal>');
    mailer.close();
  });
});

test('with the server stopped, send() rejects quickly (connection refused)', async () => {
  const smtp = await startSmtp();
  await smtp.stop();
  const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: FROM });
  const started = Date.now();
  await assert.rejects(mailer.send({ to: 'a@example.com', subject: 's', text: 't' }), (err: Error & { code?: string }) => {
    assert.match(err.message, /ECONNREFUSED/);
    return true;
  });
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  mailer.close();
});

test('without smtpUrl, writes a parseable .eml to the outbox and no temp files', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'outbox-'));
  const outboxDir = path.join(root, 'not', 'yet', 'there');
  try {
    const mailer = createMailer({ outboxDir, from: FROM });
    const res = await mailer.send({
      to: 'reseller@example.com',
      subject: 'Statement',
      text: 'attached',
      attachments: [{ filename: 'statement-44.pdf', content: pdf, contentType: 'application/pdf' }],
      messageId: '<statement-44@portal>',
    });
    mailer.close();
    assert.equal(res.transport, 'outbox');
    assert.equal(res.messageId, '<statement-44@portal>');

    const files = await readdir(outboxDir);
    assert.equal(files.length, 1, `unexpected files: ${files.join(', ')}`);
    assert.match(files[0], /^\d{8}T\d{9}Z-statement-44@portal\.eml$/);
    assert.equal(res.file, path.join(outboxDir, files[0]));

    const mail = await simpleParser(await readFile(res.file!));
    assert.equal(mail.messageId, '<statement-44@portal>');
    assert.equal(mail.subject, 'Statement');
    assert.equal(mail.attachments.length, 1);
    assert.equal(mail.attachments[0].filename, 'statement-44.pdf');
    assert.ok(mail.attachments[0].content.equals(pdf), 'attachment bytes differ');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('outbox files carry live invitation links: the folder is 0700 (an older 0755 one is narrowed), each file 0600', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'outbox-'));
  const fresh = path.join(root, 'fresh');
  const older = path.join(root, 'older');
  await mkdir(older, { mode: 0o755 });
  const mode = async (file: string) => (await stat(file)).mode & 0o777;
  try {
    for (const outboxDir of [fresh, older]) {
      const mailer = createMailer({ outboxDir, from: FROM });
      const res = await mailer.send({ to: 'new@example.com', subject: 'Invitation', text: 'http://portal/register?token=secret' });
      mailer.close();
      assert.equal(await mode(outboxDir), 0o700, outboxDir);
      assert.equal(await mode(res.file!), 0o600, res.file);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
