import { describe, expect, it } from 'vitest';
import { chooseHeapGrowthFlag } from './limit-heap-growth.js';

describe('chooseHeapGrowthFlag', () => {
  it("sets serve's growth when nobody chose one", () => {
    expect(chooseHeapGrowthFlag([], undefined)).toBe('--heap-growing-percent=40');
    expect(chooseHeapGrowthFlag(['--max-old-space-size=512'], '--enable-source-maps')).toBe(
      '--heap-growing-percent=40',
    );
  });

  it("leaves the operator's own growth alone, from the command line or NODE_OPTIONS, in either spelling", () => {
    expect(chooseHeapGrowthFlag(['--heap-growing-percent=100'], undefined)).toBeUndefined();
    expect(chooseHeapGrowthFlag([], '--enable-source-maps --heap_growing_percent=20')).toBeUndefined();
    expect(chooseHeapGrowthFlag(['--heap-growing-percent'], undefined)).toBeUndefined();
  });
});
