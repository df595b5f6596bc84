/**
 * Builds the targets of docker-bake.hcl with podman, for the local platform:
 * the same contexts, Dockerfiles, build args, labels and tags that
 * `docker buildx bake` uses, read from the bake file itself.
 *
 *   node --import tsx test/images/bake.ts [--local-base] [TARGET|GROUP ...]
 *
 * Variables come from the environment as with bake (REGISTRY=... TAG=...).
 * --local-base builds the offline Node base (local-bases.ts) and sets NODE_BASE to it
 * unless NODE_BASE is already set. The bundles must exist (npm run build).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bakeDir, parseBakeHcl, planBuilds, podmanBuildArgs, type BuildPlan } from './bake-file.ts';
import { ensureNodeBase } from './local-bases.ts';
import { podman } from './podman.ts';
import { REPO_ROOT } from './repo.ts';

export const BAKE_FILE = join(REPO_ROOT, 'docker-bake.hcl');

export interface BuiltImage {
  readonly plan: BuildPlan;
  /** The first tag: how tests refer to the image. */
  readonly ref: string;
  readonly seconds: number;
}

export async function readPlans(
  targets: readonly string[] = ['default'],
  env: Readonly<Record<string, string | undefined>> = process.env,
  file = BAKE_FILE,
): Promise<BuildPlan[]> {
  const bake = await parseBakeHcl(file, readFileSync(file, 'utf8'));
  return planBuilds(bake, { targets, env, baseDir: bakeDir(file) });
}

/** Builds each plan with podman (sequentially: two cores). */
export function buildPlans(plans: readonly BuildPlan[], log: (line: string) => void = () => {}): BuiltImage[] {
  return plans.map((plan) => {
    const bundle = /COPY\s+(?:--\S+\s+)*(dist\/\S+\.js)/.exec(readFileSync(plan.dockerfile, 'utf8'))?.[1];
    if (bundle && !existsSync(join(plan.context, bundle))) {
      throw new Error(`target ${plan.target}: ${bundle} is missing; run npm run build first`);
    }
    const t0 = Date.now();
    podman(podmanBuildArgs(plan, ['--quiet']), { timeoutMs: 900_000 });
    const seconds = (Date.now() - t0) / 1000;
    log(`built ${plan.target} as ${plan.tags.join(', ')} in ${seconds.toFixed(1)} s`);
    return { plan, ref: plan.tags[0]!, seconds };
  });
}

/** Reads the bake file, resolves it with `env`, builds the targets. */
export async function bake(
  targets: readonly string[] = ['default'],
  env: Readonly<Record<string, string | undefined>> = process.env,
  log?: (line: string) => void,
): Promise<BuiltImage[]> {
  return buildPlans(await readPlans(targets, env), log);
}

if (process.argv[1] && import.meta.url === new URL(process.argv[1], 'file://').href) {
  const args = process.argv.slice(2);
  const localBase = args.includes('--local-base');
  const targets = args.filter((a) => !a.startsWith('--'));
  const env = { ...process.env };
  if (localBase && !env.NODE_BASE) env.NODE_BASE = ensureNodeBase();
  bake(targets.length ? targets : ['default'], env, (l) => console.log(l)).catch((e: unknown) => {
    console.error(String(e instanceof Error ? e.message : e));
    process.exitCode = 1;
  });
}
