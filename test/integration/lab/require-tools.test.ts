import { describe, expect, it, vi } from 'vitest';
import { requireTools } from './require-tools.js';

// 'openssl' is a hard dependency of the lab; the missing-tool cases use a binary name no machine has by
// checking through a type-cast, which findBinary reports as absent like any uninstalled program.
const missing = 'frontdoor-no-such-tool' as 'nginx';

describe('requireTools', () => {
  it('runs when every tool is installed and reports where each one is', () => {
    const check = requireTools(['openssl'], {});
    expect(check.skip).toBe(false);
    expect(check.reason).toBe('');
    expect(check.paths.openssl).toMatch(/\/openssl$/);
  });

  it('skips with a reason naming the missing tool outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const check = requireTools(['openssl', missing], {});
    expect(check.skip).toBe(true);
    expect(check.reason).toContain('frontdoor-no-such-tool not installed');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('skipping'));
    warn.mockRestore();
  });

  it('throws under CI=true instead of skipping, so a missing nginx fails CI', () => {
    expect(() => requireTools([missing], { CI: 'true' })).toThrow(
      /CI=true and frontdoor-no-such-tool not installed/,
    );
  });
});
