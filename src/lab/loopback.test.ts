import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocateLoopbackAddress, createLoopbackAllocator, findFreePort } from './loopback.js';

describe('createLoopbackAllocator', () => {
  it('hands out distinct 127/8 addresses that are never 127.0.0.1', () => {
    const allocator = createLoopbackAllocator(4242);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const address = allocator.allocate();
      expect(address).toMatch(/^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
      const [, x, y, z] = address.split('.').map(Number);
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThanOrEqual(254);
      expect(y).toBeLessThanOrEqual(255);
      expect(z).toBeGreaterThanOrEqual(1);
      expect(z).toBeLessThanOrEqual(254);
      seen.add(address);
    }
    expect(seen.size).toBe(2000);
  });

  it('derives the second octet from the pid when randomness is fixed', () => {
    const zero = () => 0;
    expect(createLoopbackAllocator(10, zero).allocate()).toBe('127.11.0.1');
    expect(createLoopbackAllocator(253, zero).allocate()).toBe('127.254.0.1');
    expect(createLoopbackAllocator(254, zero).allocate()).toBe('127.1.0.1');
  });

  it('moves to another second octet once a block is exhausted instead of repeating', () => {
    const allocator = createLoopbackAllocator(0, () => 0);
    const total = 256 * 254;
    let last = '';
    for (let i = 0; i < total; i += 1) last = allocator.allocate();
    expect(last).toBe('127.1.255.254');
    expect(allocator.allocate()).toBe('127.2.0.1');
  });
});

describe('findFreePort', () => {
  it('returns a port that can be bound on a fresh loopback address', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('rejects with FD_ERR_LAB for an address that is not local', async () => {
    await expect(findFreePort('192.0.2.1')).rejects.toMatchObject({ code: 'FD_ERR_LAB' });
  });
});
