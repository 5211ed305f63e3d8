import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          // Real nginx/php-fpm/haproxy start per test file; two cores, so keep files from starving each other.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          // Run after the unit project: vitest runs projects with different worker limits in separate groups.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
