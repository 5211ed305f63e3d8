import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import { readHttpUrl } from './read-http-url.js';

describe('readHttpUrl', () => {
  it('refuses port 0, which no server listens on', () => {
    expect(readHttpUrl('https://shop.example.com:0/health')).toEqual({
      ok: false,
      problem: 'port 0 in "https://shop.example.com:0/health" is not a port a server listens on (1-65535)',
    });
  });

  it('reports it at the site URL in a configuration', () => {
    expect(() =>
      parseConfig('sites:\n  shop:\n    url: https://shop.example.com:0/health\n', 'f.yaml', { cwd: '/' }),
    ).toThrow(/^f\.yaml:3:10: sites\.shop\.url: port 0 in/);
  });

  it('drops the fragment and refuses credentials', () => {
    const read = readHttpUrl('https://shop.example.com/health#top');
    expect(read.ok && read.value.href).toBe('https://shop.example.com/health');
    expect(readHttpUrl('https://u:p@shop.example.com/').ok).toBe(false);
  });
});
