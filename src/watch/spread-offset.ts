import { createHash } from 'node:crypto';

/**
 * Where in its interval a target is probed: a fraction of the interval taken from a hash of its id, so
 * targets spread evenly over the interval (a uniform hash fills every slot alike), the slot survives a
 * restart or a reload, and adding a target never moves the others.
 * @example spreadOffset('shop:shop.example.com/health@web1', 30_000) // e.g. 17_342
 */
export function spreadOffset(targetId: string, intervalMs: number): number {
  const digest = createHash('sha256').update(targetId).digest();
  return Math.floor((digest.readUInt32BE(0) / 2 ** 32) * intervalMs);
}

/**
 * The first slot of a target at or after `fromMs`: slots are `offset + k * interval` counted from the
 * epoch, start to start, whatever the probes' durations.
 * @example nextSlot(95, 30, 10) // 100
 */
export function nextSlot(fromMs: number, intervalMs: number, offsetMs: number): number {
  const k = Math.ceil((fromMs - offsetMs) / intervalMs);
  return offsetMs + k * intervalMs;
}
