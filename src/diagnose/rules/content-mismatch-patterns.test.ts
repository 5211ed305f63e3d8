import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { diagnoseContentMismatch } from './content-mismatch.js';

describe('diagnoseContentMismatch: module patterns and protocol', () => {
  it('names a body pattern failure unexpected_content, the body its subject', () => {
    const ctx = buildContext(
      { status: 200, body: 'Could not connect to database' },
      {
        origin: 'web1',
        expect: {
          bodyPatterns: [
            { shown: 'Could not connect', source: 'Could not connect', flags: '', must: 'no_match' },
          ],
        },
      },
    );
    const diagnosis = diagnoseContentMismatch(ctx);
    expect(diagnosis?.verdict).toBe('unexpected_content');
    expect(diagnosis?.summary).toContain(
      'but the body is not what the site serves: body matches /Could not connect/',
    );
  });

  it('names an answer over the wrong protocol', () => {
    const ctx = buildContext({ status: 200 }, { origin: 'web1', expect: { tls: false } });
    const diagnosis = diagnoseContentMismatch(ctx);
    expect(diagnosis?.summary).toContain(
      'but the protocol is not what the site serves: answered over TLS, expected plain HTTP',
    );
  });
});
