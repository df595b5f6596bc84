/** Builds the images once for every end-to-end test file and hands their names to the tests. */
import type { TestProject } from 'vitest/node';
import { buildE2eImages, type E2eImages } from './images.ts';
import { podmanAvailable } from '../../images/bake/podman.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eImages: E2eImages | null;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (!podmanAvailable()) {
    console.log('end to end: podman (as root) is not available; the tests will say so');
    project.provide('e2eImages', null);
    return;
  }
  const t0 = Date.now();
  const images = await buildE2eImages((l) => console.log(`images: ${l}`));
  console.log(`images: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s${images.missing.length ? `; not built (no bundle): ${images.missing.join(', ')}` : ''}`);
  project.provide('e2eImages', images);
}
