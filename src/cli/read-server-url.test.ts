import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { readServerUrl } from './read-server-url.js';

function problem(text: string): string {
  try {
    readServerUrl('agent', '--server', text, 'api/v1/events');
  } catch (error) {
    if (error instanceof FrontdoorError && error.code === 'FD_ERR_USAGE') return error.message;
  }
  throw new Error(`expected FD_ERR_USAGE for ${text}`);
}

describe('readServerUrl', () => {
  it.each([
    ['https://watch.example.com', 'https://watch.example.com/api/v1/events'],
    ['https://watch.example.com/', 'https://watch.example.com/api/v1/events'],
    ['http://127.0.0.1:9470', 'http://127.0.0.1:9470/api/v1/events'],
    ['https://example.com/frontdoor', 'https://example.com/frontdoor/api/v1/events'],
    ['http://[::1]:9470/', 'http://[::1]:9470/api/v1/events'],
  ])('%s -> %s', (text, expected) => {
    expect(readServerUrl('agent', '--server', text, 'api/v1/events').href).toBe(expected);
  });

  it.each([
    ['watch.example.com', "frontdoor agent: --server: 'watch.example.com' is not a URL"],
    ['ftp://watch', 'frontdoor agent: --server: expected an http:// or https:// URL of the watch, got ftp:'],
    [
      'https://agent:secret@watch.example.com',
      'frontdoor agent: --server: the URL must not hold credentials; give the token with --token-file or FRONTDOOR_TOKEN',
    ],
    [
      'https://watch.example.com/?token=x',
      'frontdoor agent: --server: expected the watch’s base URL, without ? or #',
    ],
  ])('refuses %s', (text, message) => {
    expect(problem(text)).toBe(message);
  });
});
