import { afterEach, describe, expect, it } from 'vitest';
import { createEmailChannel } from '../../../src/notify/email-channel.js';
import { buildNotification } from './notification-fixture.js';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.js';

const PASSWORD = 'sm7p-p4ssw0rd-xyz';
const servers: SmtpReceiver[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** The test's SMTP server, closed after the test. */
async function startSmtp(reject?: { code: number; message: string }): Promise<SmtpReceiver> {
  const server = await startSmtpReceiver(PASSWORD, reject);
  servers.push(server);
  return server;
}

const channelFor = (smtp: string) =>
  createEmailChannel({
    name: 'mail',
    type: 'email',
    smtp,
    from: 'frontdoor@example.com',
    to: ['ops@example.com'],
    timeoutMs: 5000,
  });

describe('email channel', () => {
  it('sends the message over SMTP with a Message-ID from its idempotency key, threaded by incident', async () => {
    const smtp = await startSmtp();
    const outcome = await channelFor(smtp.url()).deliver(buildNotification(), {
      attempt: 1,
      now: Date.now(),
    });
    expect(outcome).toMatchObject({ ok: true });
    const [mail] = smtp.mails;
    expect(mail?.from).toBe('frontdoor@example.com');
    expect(mail?.to).toEqual(['ops@example.com']);
    expect(mail?.raw).toMatch(/^Subject: \[frontdoor\] OPEN: front door of web1 down/m);
    expect(mail?.raw).toMatch(/^Message-ID: <inc-20261123T040131Z-38af1142#1@example\.com>/m);
    expect(mail?.raw).toMatch(/^References: <inc-20261123T040131Z-38af1142@example\.com>/m);
    expect(mail?.raw).toMatch(/^X-Frontdoor-Idempotency-Key: inc-20261123T040131Z-38af1142#1/m);
    expect(mail?.raw).toContain('Layer: connect');
  });

  it('a 5xx from the server is permanent, a 4xx is retried, refused credentials are permanent; the password never shows', async () => {
    const rejecting = await startSmtp({ code: 550, message: 'mailbox unavailable' });
    const permanent = await channelFor(rejecting.url()).deliver(buildNotification(), {
      attempt: 1,
      now: Date.now(),
    });
    expect(permanent).toMatchObject({ ok: false, code: 'smtp_rejected', retryable: false });
    await servers.pop()?.close();
    const greylisting = await startSmtp({ code: 451, message: 'try again later' });
    const transient = await channelFor(greylisting.url()).deliver(buildNotification(), {
      attempt: 1,
      now: Date.now(),
    });
    expect(transient).toMatchObject({ ok: false, code: 'smtp_transient', retryable: true });
    const auth = await channelFor(greylisting.url('wr0ng-p4ss')).deliver(buildNotification(), {
      attempt: 1,
      now: Date.now(),
    });
    expect(auth).toMatchObject({ ok: false, code: 'auth', retryable: false });
    for (const outcome of [permanent, transient, auth]) {
      expect(outcome.detail).not.toContain(PASSWORD);
      expect(outcome.detail).not.toContain('wr0ng-p4ss');
    }
  });
});
