import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { serverLoggerOptions } from './log-redaction.js';

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('serverLoggerOptions', () => {
  it('replaces authorization and cookie headers wherever the request is logged', () => {
    const { stream, text } = collect();
    const logger = pino(serverLoggerOptions('info'), stream);
    logger.info(
      { req: { headers: { authorization: 'Bearer fdt_secret', cookie: 'session=s3cret', accept: '*/*' } } },
      'request',
    );
    logger.info({ headers: { Authorization: 'Bearer fdt_secret2' }, token: 'fdt_secret3' }, 'channel');
    expect(text()).not.toMatch(/fdt_secret|s3cret/);
    expect(text()).toContain('[redacted]');
    expect(text()).toContain('*/*');
  });

  it('keeps a rejected token out of fastify request logs', async () => {
    const { stream, text } = collect();
    const app = Fastify({ logger: { ...serverLoggerOptions('debug'), stream } });
    app.get('/', async (request) => {
      request.log.info({ req: request }, 'handling');
      request.log.info({ req: { headers: request.headers } }, 'headers');
      return 'ok';
    });
    await app.inject({ url: '/', headers: { authorization: 'Bearer fdt_never_logged' } });
    await app.close();
    expect(text()).toContain('handling');
    expect(text()).not.toContain('fdt_never_logged');
  });
});
