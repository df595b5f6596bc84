/** The Pod Security level each manifests/ folder's README claims: its line "Pod Security level: `<level>`". */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFESTS } from '../manifests/lint/kustomize.ts';
import { LEVELS, type Level } from './cluster.ts';

export function claimedLevel(dir: string): Level {
  const readme = join(MANIFESTS, dir, 'README.md');
  const where = `manifests/${dir === '.' ? '' : `${dir}/`}README.md`;
  if (!existsSync(readme)) throw new Error(`${where} is missing`);
  const m = /^Pod Security level: `(\w+)`/m.exec(readFileSync(readme, 'utf8'));
  if (!m) throw new Error(`${where} has no line "Pod Security level: \`<level>\`" (restricted, baseline or privileged)`);
  if (!(LEVELS as readonly string[]).includes(m[1]!)) throw new Error(`${where} claims Pod Security level ${m[1]}, which is none of ${LEVELS.join(', ')}`);
  return m[1] as Level;
}

/** The next stricter level, which the folder must fail (else the README could claim it). */
export function stricter(level: Level): Level | undefined {
  return LEVELS[LEVELS.indexOf(level) - 1];
}
