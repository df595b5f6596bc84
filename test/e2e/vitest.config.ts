import { defineConfig } from 'vitest/config';

// End to end: images built with podman, pods run as containers. Files run one at a time (they share
// the machine's two cores and the image store); images are built once, in global-setup.ts.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
