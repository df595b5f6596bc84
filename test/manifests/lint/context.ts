/**
 * What the manifest checks know about the agents: each agent's settings schema
 * (test/support/agent-schemas.ts), the agent folders under agents/, the config
 * keys each init agent derives (so its ConfigMap template may not set them), and
 * the keys the server behind it knows (so a template key cannot be misspelled).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OwnedKey } from '../../../agents/lib/properties.ts';
import { agentSchemas } from './agent-schemas.ts';
import type { CheckContext } from './checks.ts';
import { REPO_ROOT as ROOT } from '../../../images/bake/repo.ts';

/** Where each init agent exports OWNED_KEYS: the keys its template may not set. */
const OWNED_KEYS_MODULES: Record<string, string> = {
  'zookeeper-init': 'agents/zookeeper-init/zoo-cfg.ts',
  'kafka-init': 'agents/kafka-init/server-properties.ts',
};

/** Lists of the keys each server reads, kept as data under test/fixtures/, by init agent. */
const KNOWN_KEYS_FILES: Record<string, string> = {
  'kafka-init': 'test/fixtures/kafka-3.9-broker-configs.txt',
};

function keyList(file: string): ReadonlySet<string> {
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
}

export function agentNames(): string[] {
  return readdirSync(join(ROOT, 'agents'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'lib')
    .map((e) => e.name)
    .sort();
}

export async function checkContext(): Promise<CheckContext> {
  const ownedKeys: Record<string, readonly OwnedKey[] | undefined> = {};
  for (const [agent, file] of Object.entries(OWNED_KEYS_MODULES)) {
    const path = join(ROOT, file);
    if (!existsSync(path)) continue;
    const mod = (await import(path)) as { OWNED_KEYS?: readonly OwnedKey[] };
    ownedKeys[agent] = mod.OWNED_KEYS;
  }
  const knownKeys: Record<string, ReadonlySet<string> | undefined> = {};
  for (const [agent, file] of Object.entries(KNOWN_KEYS_FILES)) {
    if (existsSync(join(ROOT, file))) knownKeys[agent] = keyList(join(ROOT, file));
  }
  return { schemas: agentSchemas, agents: agentNames(), ownedKeys, knownKeys };
}
