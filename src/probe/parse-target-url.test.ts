import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { parseTargetUrl } from './parse-target-url.js';

function errorOf(run: () => unknown): FrontdoorError {
  try {
    run();
  } catch (error) {
    if (error instanceof FrontdoorError) return error;
    throw error;
  }
  throw new Error('expected a FrontdoorError');
}

describe('parseTargetUrl', () => {
  it('accepts http and https URLs', () => {
    expect(parseTargetUrl('https://shop.example.com/health?x=1').href).toBe(
      'https://shop.example.com/health?x=1',
    );
    expect(parseTargetUrl('http://[::1]:8080/').hostname).toBe('[::1]');
  });

  it('rejects other schemes, naming where the URL came from', () => {
    const error = errorOf(() => parseTargetUrl('ftp://files.example.com/', 'sites.shop.url'));
    expect(error.code).toBe('FD_ERR_INVALID_URL');
    expect(error.message).toBe(
      'sites.shop.url: unsupported scheme "ftp" in "ftp://files.example.com/": use http or https',
    );
  });

  it('rejects text that is not a URL in one line', () => {
    const error = errorOf(() => parseTargetUrl('shop.example.com/health'));
    expect(error.code).toBe('FD_ERR_INVALID_URL');
    expect(error.message).toBe('not a valid URL: "shop.example.com/health"');
    expect(error.message).not.toContain('\n');
  });
});
