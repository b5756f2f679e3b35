import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          // Property tests run hundreds of cases; a shared 2-core machine can take 3x their calm time.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // End-to-end tests: headless Debian Chromium (playwright-core) against a `vite build` served
          // by `vite preview`; see tests/e2e/global-setup.ts and tests/e2e/browser.ts.
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          // Software WebGL (SwiftShader) on 2 cores is slow: generous timeouts, one file at a time.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Run after the unit project (groupOrder 0) so the browser does not compete with it for cores.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
