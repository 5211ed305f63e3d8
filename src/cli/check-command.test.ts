import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { captureIo } from './capture-io.test-helper.js';
import { checkCommand } from './check-command.js';

async function rejection(promise: Promise<unknown>): Promise<FrontdoorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FrontdoorError) return error;
    throw error;
  }
  throw new Error('expected a FrontdoorError');
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('checkCommand', () => {
  it('prints the usage for --help and exits 0 without probing', async () => {
    const io = captureIo();
    expect(await checkCommand(['--help'], io)).toBe(0);
    expect(io.out()).toContain('usage: frontdoor check URL...');
    expect(io.err()).toBe('');
  });

  it('throws FD_ERR_USAGE for an unknown flag, before any output', async () => {
    const io = captureIo();
    const error = await rejection(checkCommand(['https://a.test/', '--nope'], io));
    expect(error.code).toBe('FD_ERR_USAGE');
    expect(error.message).toContain('--nope');
    expect(io.out()).toBe('');
  });

  it('reads the configuration relative to the working directory and refuses one with no sites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-check-command-'));
    dirs.push(dir);
    await writeFile(join(dir, 'empty.yaml'), 'sites: {}\n');
    const error = await rejection(checkCommand(['-c', 'empty.yaml'], captureIo({ cwd: dir })));
    expect(error.code).toBe('FD_ERR_USAGE');
    expect(error.message).toContain('empty.yaml has no sites');
  });

  it('passes configuration errors through with their position', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-check-command-'));
    dirs.push(dir);
    await writeFile(join(dir, 'bad.yaml'), 'sites:\n  shop: [\n');
    const error = await rejection(checkCommand(['-c', 'bad.yaml'], captureIo({ cwd: dir })));
    expect(error.code).toBe('FD_ERR_CONFIG_SYNTAX');
    expect(error.message).toMatch(/bad\.yaml:\d+:\d+/);
  });

  it('reports an unknown --site with the known ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-check-command-'));
    dirs.push(dir);
    await writeFile(join(dir, 'one.yaml'), 'sites:\n  shop:\n    url: https://shop.test/health\n');
    const error = await rejection(
      checkCommand(['-c', 'one.yaml', '--site', 'blog'], captureIo({ cwd: dir })),
    );
    expect(error.code).toBe('FD_ERR_SITE_UNKNOWN');
    expect(error.message).toContain('shop');
  });

  it('throws FD_ERR_CA_READ for a CA file that cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-check-command-'));
    dirs.push(dir);
    const error = await rejection(
      checkCommand(['https://a.test/', '--ca', 'absent.pem'], captureIo({ cwd: dir })),
    );
    expect(error.code).toBe('FD_ERR_CA_READ');
    expect(error.message).toContain('absent.pem');
  });
});
