/**
 * Rendering zoo.cfg: the template's keys, then defaults it does not set, then
 * the keys this agent owns. Pure: text in, text out.
 */
import { assertNoOwnedKeys, parseTemplateProperties, renderProperties, type OwnedKey } from '../lib/properties.ts';
import type { Ensemble } from './ensemble.ts';

/** Four-letter words the sidecar uses: srvr (state), mntr (metrics), ruok (liveness). */
export const FOUR_LETTER_WORDS = 'srvr,mntr,ruok';

/** Keys derived from settings; a template may not set them. */
export const OWNED_KEYS: readonly OwnedKey[] = [
  // ZooKeeper reads any server.<n> with Long.parseLong (server.+1, server.01 are server 1), and
  // group.* / weight.* make the quorum hierarchical over those ids.
  /^server\./,
  /^group\./,
  /^weight\./,
  'dataDir',
  'dataLogDir',
  'clientPort',
  'standaloneEnabled',
  'reconfigEnabled',
  'dynamicConfigFile',
  '4lw.commands.whitelist',
  'admin.enableServer',
  'admin.serverPort',
];

const CONTROLLED_BY: Record<string, string> = {
  dataDir: 'set ZK_DATA_DIR',
  dataLogDir: 'set ZK_DATA_LOG_DIR',
  clientPort: 'set ZK_CLIENT_PORT',
  standaloneEnabled: 'it follows ZK_REPLICAS',
  reconfigEnabled: 'the ensemble is static, from ZK_REPLICAS',
  dynamicConfigFile: 'the ensemble is static, from ZK_REPLICAS',
  '4lw.commands.whitelist': `the sidecar needs ${FOUR_LETTER_WORDS}`,
  'admin.enableServer': 'set ZK_ADMIN_PORT (0 is off)',
  'admin.serverPort': 'set ZK_ADMIN_PORT',
};

export function controlledBy(key: string): string {
  if (/^(group|weight)\./.test(key)) return 'the ensemble is one flat quorum from ZK_REPLICAS; hierarchical quorums are not supported';
  return CONTROLLED_BY[key] ?? 'members come from ZK_REPLICAS, ZK_HEADLESS_SERVICE, ZK_QUORUM_PORT and ZK_ELECTION_PORT';
}

/** Defaults that suit a Kafka metadata ensemble; a template overrides any of them. */
export const DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['tickTime', '2000'],
  ['initLimit', '10'],
  ['syncLimit', '5'],
  ['maxClientCnxns', '60'],
  // Keep three snapshots and their logs; purge every hour.
  ['autopurge.snapRetainCount', '3'],
  ['autopurge.purgeInterval', '1'],
  // Bind quorum ports on all addresses: a pod's own DNS name may not resolve to its IP yet.
  ['quorumListenOnAllIPs', 'true'],
];

export interface ZooCfgInput {
  ensemble: Ensemble;
  dataDir: string;
  dataLogDir: string;
  clientPort: number;
  quorumPort: number;
  electionPort: number;
  adminPort: number;
  template?: { path: string; text: string };
}

export function renderZooCfg(input: ZooCfgInput): string {
  // ZooKeeper trims every key and value Properties.load read: "dataDir\ " is dataDir.
  const templateKeys = input.template
    ? parseTemplateProperties(input.template.text, 'ZK_CONFIG_TEMPLATE', input.template.path).map((e) => ({ ...e, key: e.key.trim() }))
    : [];
  if (input.template) {
    assertNoOwnedKeys(templateKeys, OWNED_KEYS, 'ZK_CONFIG_TEMPLATE', input.template.path, controlledBy);
  }
  const derived: Array<[string, string]> = [
    ['dataDir', input.dataDir],
    ['dataLogDir', input.dataLogDir],
    ['clientPort', String(input.clientPort)],
    ['standaloneEnabled', String(input.ensemble.members.length === 1)],
    ['reconfigEnabled', 'false'],
    ['4lw.commands.whitelist', FOUR_LETTER_WORDS],
    ['admin.enableServer', String(input.adminPort !== 0)],
  ];
  if (input.adminPort !== 0) derived.push(['admin.serverPort', String(input.adminPort)]);
  for (const m of input.ensemble.members) {
    derived.push([`server.${m.id}`, `${m.host}:${input.quorumPort}:${input.electionPort}`]);
  }
  return renderProperties({
    header: `Written by zookeeper-init for ${input.ensemble.setName}-${input.ensemble.ordinal} (myid ${input.ensemble.myid}).\nEvery member of the ensemble renders the same file.`,
    template: input.template?.text,
    templateKeys,
    derived,
    defaults: DEFAULTS,
  });
}
