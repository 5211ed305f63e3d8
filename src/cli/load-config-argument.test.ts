// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are configuration text holding ${VAR} references
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from './capture-io.test-helper.js';
import { loadConfigArgument } from './load-config-argument.js';
import { readStdin } from './read-stdin.js';

function stdinOf(...chunks: string[]): PassThrough {
  const stream = new PassThrough();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return stream;
}

describe('loadConfigArgument', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-config-argument-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads -c - from standard input, relative paths against the working directory', async () => {
    const io = captureIo({
      cwd: dir,
      stdin: stdinOf('origins: { web1: "${WEB1}" }\n', 'ca: certs/ca.pem\n'),
      env: { WEB1: '10.0.0.11' },
    });
    const config = await loadConfigArgument('-', io);
    expect(config.origins.web1).toEqual({ name: 'web1', host: '10.0.0.11' });
    expect(config.ca).toEqual([join(dir, 'certs', 'ca.pem')]);
  });

  it('names standard input in positions', async () => {
    const io = captureIo({ cwd: dir, stdin: stdinOf('origins:\n  web1: 10.0.0.999\n') });
    await expect(loadConfigArgument('-', io)).rejects.toThrow(
      "<stdin>:2:9: origins.web1: '10.0.0.999' is not an address[:port]",
    );
  });

  it("validates the watch's sections from standard input for the watch's reader only", async () => {
    const text = 'sites: { shop: { url: "https://shop.example.com/" } }\nwatch: { interval: 10 }\n';
    const checkIo = captureIo({ cwd: dir, stdin: stdinOf(text) });
    expect(Object.keys((await loadConfigArgument('-', checkIo)).sites)).toEqual(['shop']);
    const serveIo = captureIo({ cwd: dir, stdin: stdinOf(text) });
    await expect(loadConfigArgument('-', serveIo, 'serve')).rejects.toThrow(
      "<stdin>:2:20: watch.interval: '10' has no unit",
    );
  });

  it('reads a file with the command environment', async () => {
    await writeFile(join(dir, 'f.yaml'), 'resolve: { shop.internal: "${ADDRESS}" }\n');
    const io = captureIo({ cwd: dir, env: { ADDRESS: '10.0.0.12' } });
    expect((await loadConfigArgument('f.yaml', io)).resolve).toEqual({ 'shop.internal': '10.0.0.12' });
  });
});

describe('readStdin', () => {
  it('reads every chunk, and gives up past the cap', async () => {
    expect(await readStdin(stdinOf('ab', 'cd'))).toBe('abcd');
    expect(await readStdin(stdinOf('ab', 'cd'), 3)).toBeUndefined();
  });
});
