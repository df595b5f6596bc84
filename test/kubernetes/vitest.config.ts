import { defineConfig } from 'vitest/config';

// The Kubernetes suite: manifests/ and kafka-init against a real API server. global-setup.ts starts one
// control plane for every file (or takes the cluster of $KUBECONFIG); each file works in namespaces of
// its own, one file at a time: the outside-N Services of two files would ask for the same nodePorts.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/kubernetes/**/*.test.ts'],
    globalSetup: ['test/kubernetes/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
