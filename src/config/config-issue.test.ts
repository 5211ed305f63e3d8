import { describe, expect, it } from 'vitest';
import { formatPath } from './config-issue.js';
import { displayPath } from './display-path.js';

describe('formatPath', () => {
  it.each([
    [['sites', 'shop', 'origins', 1], 'sites.shop.origins[1]'],
    [['resolve', 'shop.internal'], 'resolve["shop.internal"]'],
    [['host', 'listeners', '443'], 'host.listeners["443"]'],
    [['sites', 's', 'expect', 'version_header'], 'sites.s.expect.version_header'],
    [['origins', 'web-1'], 'origins.web-1'],
    [[], ''],
  ])('%j -> %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('displayPath', () => {
  it.each([
    ['/srv/fd/frontdoor.yaml', '/srv/fd', 'frontdoor.yaml'],
    ['/srv/fd/conf/frontdoor.yaml', '/srv/fd', 'conf/frontdoor.yaml'],
    ['/etc/frontdoor.yaml', '/srv/fd', '/etc/frontdoor.yaml'],
    ['/srv/fd2/frontdoor.yaml', '/srv/fd', '/srv/fd2/frontdoor.yaml'],
    ['/srv/fd', '/srv/fd', '/srv/fd'],
  ])('%s from %s -> %s', (file, cwd, expected) => {
    expect(displayPath(file, cwd)).toBe(expected);
  });
});
