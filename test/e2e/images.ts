/**
 * The images the end-to-end tests run: the agents from docker-bake.hcl (built
 * with podman on the local Node base) and the stand-ins for zookeeper:3.8 and
 * apache/kafka:<KAFKA_ZK_VERSION> (test/e2e/images/). Builds are cached by
 * podman's layer cache in .cache/podman; from scratch the bases are made first
 * (local-bases.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bake, readPlans } from '../../images/bake/bake.ts';
import { ensureDebianBase, ensureNodeBase } from '../../images/bake/local-bases.ts';
import { podman } from '../../images/bake/podman.ts';
import { REPO_ROOT as ROOT } from '../../images/bake/repo.ts';
import { KAFKA_ZK_VERSION, kafkaHome } from '../support/versions.ts';

export const E2E_REGISTRY = 'localhost/kafka-e2e';
export const E2E_TAG = 'test';
export const ZOOKEEPER_STANDIN = 'localhost/kafka-e2e/zookeeper:3.8';
export const KAFKA_STANDIN = `localhost/kafka-e2e/kafka:${KAFKA_ZK_VERSION}`;

export interface E2eImages {
  /** Local image of each agent, by bake target name. */
  readonly agents: Record<string, string>;
  /** Targets not built because their bundle is missing (npm run build did not make it). */
  readonly missing: string[];
  readonly nodeBase: string;
  readonly zookeeper: string;
  /** The apache/kafka stand-in, Kafka KAFKA_ZK_VERSION. */
  readonly kafka: string;
  /** Seconds each step took. */
  readonly seconds: Record<string, number>;
}

export async function buildE2eImages(log: (l: string) => void = () => {}): Promise<E2eImages> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(what: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const v = await f();
    seconds[what] = (Date.now() - t0) / 1000;
    log(`${what}: ${seconds[what]!.toFixed(1)} s`);
    return v;
  };
  const nodeBase = await timed('node base', ensureNodeBase);
  const env = { ...process.env, REGISTRY: E2E_REGISTRY, TAG: E2E_TAG, NODE_BASE: nodeBase };
  const plans = await readPlans(['default'], env);
  const present = plans.filter((p) => existsSync(join(ROOT, 'dist', `${p.target}.js`))).map((p) => p.target);
  const missing = plans.map((p) => p.target).filter((t) => !present.includes(t));
  const built = present.length > 0 ? await timed('agent images', () => bake(present, env, log)) : [];
  const debianBase = await timed('debian base', ensureDebianBase);
  await timed('zookeeper stand-in', () =>
    podman(
      ['build', '--quiet', '--network', 'host', '--build-arg', `BASE_IMAGE=${debianBase}`, '-t', ZOOKEEPER_STANDIN, join(ROOT, 'test/e2e/images/zookeeper')],
      { timeoutMs: 900_000 },
    ),
  );
  // The Kafka tree is a named second context, so the repository's .dockerignore and context stay as they are.
  const kafkaTree = kafkaHome(KAFKA_ZK_VERSION);
  await timed('kafka stand-in', () =>
    podman(
      [
        'build', '--quiet', '--network', 'host', '--build-arg', `BASE_IMAGE=${debianBase}`, '--build-context', `kafka=${kafkaTree}`,
        '-t', KAFKA_STANDIN, join(ROOT, 'test/e2e/images/kafka'),
      ],
      { timeoutMs: 900_000 },
    ),
  );
  return {
    agents: Object.fromEntries(built.map((b) => [b.plan.target, b.ref])),
    missing,
    nodeBase,
    zookeeper: ZOOKEEPER_STANDIN,
    kafka: KAFKA_STANDIN,
    seconds,
  };
}

/** The local image for an image a manifest names: our agents by name, zookeeper and kafka by their stand-ins. */
export function imageMapper(images: E2eImages): (image: string) => string {
  return (image) => {
    const name = image.replace(/[:@].*$/, '').split('/').pop()!;
    if (name === 'zookeeper') return images.zookeeper;
    if (name === 'kafka') {
      const tag = /:([^:@/]+)$/.exec(image)?.[1];
      if (tag !== KAFKA_ZK_VERSION) throw new Error(`no local image for ${image}: the kafka stand-in is ${KAFKA_ZK_VERSION} (test/versions.env)`);
      return images.kafka;
    }
    const local = images.agents[name];
    if (local) return local;
    throw new Error(`no local image for ${image}${images.missing.includes(name) ? ` (dist/${name}.js is missing: npm run build)` : ''}`);
  };
}
