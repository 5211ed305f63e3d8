import { describe, expect, it } from 'vitest';
import { captureIo } from './capture-io.test-helper.js';
import { hostCommand } from './host-command.js';

const io = () => captureIo({ cwd: '/tmp' });

describe('hostCommand usage', () => {
  it('prints its help', async () => {
    const capture = io();
    expect(await hostCommand(['--help'], capture)).toBe(0);
    expect(capture.out()).toContain('frontdoor host baseline');
  });

  it("names the configuration's keys as the configuration spells them", async () => {
    const capture = io();
    await hostCommand(['--help'], capture);
    expect(capture.out()).toContain('host.listeners, host.nginx_config, host.state_dir');
    expect(capture.out()).not.toMatch(/nginxConfig|stateDir/);
  });

  it('refuses a state directory under /proc with one line (FD_ERR_IO)', async () => {
    await expect(
      hostCommand(
        ['baseline', '--nginx-config', '/nonexistent/nginx.conf', '--state-dir', '/proc/frontdoor'],
        io(),
      ),
    ).rejects.toMatchObject({
      code: 'FD_ERR_IO',
      message:
        'cannot keep baselines in /proc/frontdoor: /proc is a kernel filesystem that stores no files (use --state-dir)',
    });
  });

  it.each([
    [['--bogus'], "frontdoor host: unknown option '--bogus'"],
    [['status'], "frontdoor host: unexpected argument 'status'"],
    [['baseline', 'now'], "frontdoor host: unexpected argument 'now'"],
    [['--listener', 'http=nginx'], "frontdoor host: --listener: invalid listener 'http'"],
    [['--listener', '443'], "frontdoor host: --listener: '443' names no owner"],
    [['--since', '7 days'], "frontdoor host: --since: '7 days' is not a duration (e.g. 90m, 36h, 7d, 2w)"],
  ])('%j is bad usage (FD_ERR_USAGE, exit 2 from main)', async (argv, message) => {
    await expect(hostCommand(argv, io())).rejects.toMatchObject({
      code: 'FD_ERR_USAGE',
      message: expect.stringContaining(message),
    });
  });
});
