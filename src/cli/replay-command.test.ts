import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIo } from './capture-io.test-helper.js';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../incidents/fixtures/', import.meta.url));

describe('frontdoor replay', () => {
  it('prints each transition and notification of a recorded outage, and a count', async () => {
    const io = captureIo({ cwd: FIXTURES });
    const status = await runCli(['replay', 'widening.jsonl', '-c', 'frontdoor.yaml'], io);
    expect(status).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines.filter((line) => line.includes(' NOTIFY '))).toHaveLength(3);
    expect(io.out()).toMatch(/NOTIFY opened inc-\S+#1 -> page \(oncall, ops\): w1\.example\.com via edge/);
    expect(io.out()).toMatch(/rekeyed +widened from target:w1:/);
    expect(lines.at(-1)).toBe('32 inputs: 1 incidents, 5 transitions, 3 notifications');
  });

  it("reads host events and deploy marks, and prints each message's likely cause under it", async () => {
    const io = captureIo({ cwd: FIXTURES });
    expect(await runCli(['replay', 'edge-521-agent-000.jsonl', '-c', 'frontdoor.yaml'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    const cause = lines.findIndex((line) => / NOTIFY cause inc-\S+#2 -> page/.test(line));
    expect(lines[cause + 1]?.trim()).toBe(
      'likely cause: nginx restarted by unattended-upgrades 06:11:04, then :443 held by openvpn pid 812',
    );
    expect(lines.at(-1)).toBe('67 inputs: 1 incidents, 4 transitions, 3 notifications');
  });

  it('reads the configuration from standard input with -c -, and refuses - for both', async () => {
    const stdin = new PassThrough();
    stdin.end(await readFile(join(FIXTURES, 'frontdoor.yaml'), 'utf8'));
    const io = captureIo({ cwd: FIXTURES, stdin });
    expect(await runCli(['replay', 'widening.jsonl', '-c', '-'], io)).toBe(0);
    expect(io.out().trim().split('\n').at(-1)).toBe('32 inputs: 1 incidents, 5 transitions, 3 notifications');

    const both = captureIo({ cwd: FIXTURES });
    expect(await runCli(['replay', '-', '-c', '-'], both)).toBe(2);
    expect(both.err()).toBe(
      'frontdoor replay: FILE and -c cannot both be - (standard input): give one of them as a file\n',
    );
  });

  it('--json gives one object a line, ending with a summary', async () => {
    const io = captureIo({ cwd: FIXTURES });
    expect(await runCli(['replay', 'intermittent-5pct.jsonl', '--json'], io)).toBe(0);
    const objects = io
      .out()
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { type: string; notification?: { kind: string; channels: string[] } },
      );
    expect(objects.at(-1)).toMatchObject({ type: 'summary', notifications: 1 });
    // without -c: the built-in page policy, which has no channels
    expect(objects.find((object) => object.type === 'notification')?.notification).toMatchObject({
      kind: 'opened',
      channels: [],
    });
  });

  it('reads stdin for -', async () => {
    const stdin = new PassThrough();
    stdin.end('\n\n');
    const io = captureIo({ stdin });
    expect(await runCli(['replay', '-'], io)).toBe(0);
    expect(io.out()).toBe('0 inputs: 0 incidents, 0 transitions, 0 notifications\n');
  });

  it.each([
    ['not JSON', '{"type":"rounds"\n', /^in\.jsonl:1: not JSON: /],
    [
      'a bad field',
      '\n{"type":"rounds","at":"2026-01-01T00:00:00Z","location":"ams","rounds":[{"at":"2026-01-01T00:00:00Z","location":"ams","reason":"sometimes","result":{}}],"findings":[]}\n',
      /^in\.jsonl:2: rounds\[0\]\.reason: /,
    ],
    [
      'an unknown type',
      '{"type":"incident","at":"2026-01-01T00:00:00Z"}\n',
      /^in\.jsonl:1: type: expected an object with type 'rounds', 'maintenance', 'host_events' or 'deploy'/,
    ],
    [
      'a host event outside the contract',
      '{"type":"host_events","at":"2026-01-01T00:00:00Z","origin":"web1","events":[{"type":"socket_disappeared","origin":"web1","sequence":0}]}\n',
      /^in\.jsonl:1: events\[0\]\.sequence: /,
    ],
  ])('refuses %s with one line naming file:line, exit 2', async (_, text, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-replay-'));
    await writeFile(join(dir, 'in.jsonl'), text);
    const io = captureIo({ cwd: dir });
    expect(await runCli(['replay', 'in.jsonl'], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.out()).toBe('');
  });

  it('needs a file, and says so', async () => {
    const io = captureIo();
    expect(await runCli(['replay'], io)).toBe(2);
    expect(io.err()).toBe("frontdoor replay: missing FILE; see 'frontdoor replay --help'\n");
  });

  it('a missing file is one FD_ERR_IO line', async () => {
    const io = captureIo({ cwd: FIXTURES });
    expect(await runCli(['replay', 'nope.jsonl'], io)).toBe(2);
    expect(io.err()).toBe('frontdoor replay: cannot read nope.jsonl: no such file or directory (ENOENT)\n');
  });
});
