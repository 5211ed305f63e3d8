import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { createEmailChannel } from '../../../src/notify/email-channel.js';
import { buildNotification } from './notification-fixture.js';

const PASSWORD = 'sm7p-p4ssw0rd-xyz';
let server: SMTPServer | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server (the smtp-server package) on loopback, with authentication, answering as told. */
async function startSmtp(reject?: {
  code: number;
  message: string;
}): Promise<{ url: (password?: string) => string; mails: Received[] }> {
  const mails: Received[] = [];
  const address = allocateLoopbackAddress();
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'frontdoor' && auth.password === PASSWORD) callback(null, { user: 'frontdoor' });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        if (reject !== undefined) {
          callback(Object.assign(new Error(reject.message), { responseCode: reject.code }));
          return;
        }
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server?.listen(0, address, resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: (password = PASSWORD) => `smtp://frontdoor:${password}@${address}:${port}`, mails };
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
    await new Promise<void>((resolve) => server?.close(() => resolve()));
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
