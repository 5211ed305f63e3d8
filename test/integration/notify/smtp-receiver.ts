import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  /** smtp://frontdoor:PASSWORD@ADDRESS:PORT, with the right password unless told another */
  url(password?: string): string;
  /** the mails accepted, in order */
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the smtp-server package) on a fresh loopback address, with authentication (user
 * `frontdoor`, `password`), refusing every mail with `reject` when given one.
 */
export async function startSmtpReceiver(
  password: string,
  reject?: { code: number; message: string },
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const address = allocateLoopbackAddress();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'frontdoor' && auth.password === password) callback(null, { user: 'frontdoor' });
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
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: (given = password) => `smtp://frontdoor:${given}@${address}:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
