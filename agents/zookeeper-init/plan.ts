/**
 * Everything that follows from zookeeper-init's settings alone, checked before any I/O: the
 * ensemble, the files it writes (zoo.cfg and logback.xml in ZK_CONF_DIR, myid in ZK_DATA_DIR), and
 * that no two settings name the same file. ZK_DATA_DIR may equal ZK_CONF_DIR or ZK_DATA_LOG_DIR: their
 * files have distinct names, and ZooKeeper keeps its data in version-2/ under each. Pure.
 */
import { join } from 'node:path';
import { assertNoPathClash, assertRenderablePath } from '../lib/path-claims.ts';
import { deriveEnsemble, type Ensemble, type EnsembleInput } from './ensemble.ts';

export interface MemberSettings extends EnsembleInput {
  readonly dataDir: string;
  readonly dataLogDir: string;
  readonly confDir: string;
  readonly configTemplate: string | undefined;
}

export interface MemberPlan {
  readonly ensemble: Ensemble;
  readonly files: { readonly zooCfg: string; readonly logbackXml: string; readonly myid: string };
}

export function planMember(s: MemberSettings): MemberPlan {
  const ensemble = deriveEnsemble(s);
  assertRenderablePath(s.dataDir, 'ZK_DATA_DIR');
  assertRenderablePath(s.dataLogDir, 'ZK_DATA_LOG_DIR');
  const files = { zooCfg: join(s.confDir, 'zoo.cfg'), logbackXml: join(s.confDir, 'logback.xml'), myid: join(s.dataDir, 'myid') };
  assertNoPathClash([
    { setting: 'ZK_DATA_DIR', path: s.dataDir, kind: 'dir' },
    { setting: 'ZK_DATA_DIR', path: files.myid, kind: 'file', as: `myid in ZK_DATA_DIR (${files.myid})` },
    { setting: 'ZK_CONF_DIR', path: s.confDir, kind: 'dir' },
    { setting: 'ZK_CONF_DIR', path: files.zooCfg, kind: 'file', as: `zoo.cfg in ZK_CONF_DIR (${files.zooCfg})` },
    { setting: 'ZK_CONF_DIR', path: files.logbackXml, kind: 'file', as: `logback.xml in ZK_CONF_DIR (${files.logbackXml})` },
    { setting: 'ZK_DATA_LOG_DIR', path: s.dataLogDir, kind: 'dir' },
    ...(s.configTemplate === undefined ? [] : [{ setting: 'ZK_CONFIG_TEMPLATE', path: s.configTemplate, kind: 'file' as const }]),
  ]);
  return { ensemble, files };
}
