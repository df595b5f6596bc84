/** Every setting of zookeeper-init, declared once (flag, env, default, help). */
import { setting } from '../lib/config/index.ts';
import { dnsLabel, dnsName } from '../lib/dns.ts';

export const settings = {
  podName: setting.string({
    env: 'POD_NAME',
    fallbackEnv: ['HOSTNAME'],
    required: true,
    help: 'This pod\'s name, <set>-<ordinal> (downward API metadata.name). Falls back to $HOSTNAME, which a StatefulSet sets to the pod name',
  }),
  namespace: setting.custom('<dns-label>', dnsLabel, {
    env: 'POD_NAMESPACE',
    required: true,
    help: 'Namespace of the pod (downward API metadata.namespace); part of every peer\'s DNS name',
  }),
  replicas: setting.int({
    env: 'ZK_REPLICAS',
    min: 1,
    max: 255,
    required: true,
    help: 'Ensemble size: the StatefulSet\'s replicas. Every member is listed in zoo.cfg, so all pods must agree',
  }),
  headlessService: setting.custom('<dns-label>', dnsLabel, {
    env: 'ZK_HEADLESS_SERVICE',
    default: 'zoo',
    help: 'Headless Service that gives each member its DNS name',
  }),
  clusterDomain: setting.custom('<dns-name>', dnsName, {
    env: 'ZK_CLUSTER_DOMAIN',
    default: 'cluster.local',
    help: 'Cluster DNS domain',
  }),
  idOffset: setting.int({
    env: 'ZK_ID_OFFSET',
    min: 1,
    max: 255 - 1,
    default: 1,
    help: 'myid = ordinal + this offset (ZooKeeper ids start at 1). Never change it on a running ensemble',
  }),
  dataDir: setting.path({ env: 'ZK_DATA_DIR', default: '/data', help: 'Snapshot directory (persistent volume); myid is written here' }),
  dataLogDir: setting.path({
    env: 'ZK_DATA_LOG_DIR',
    default: '/datalog',
    help: 'Transaction-log directory (persistent volume: losing it loses recent writes, e.g. topics)',
  }),
  confDir: setting.path({ env: 'ZK_CONF_DIR', default: '/conf', help: 'Where zoo.cfg and logback.xml are written (the image\'s ZOOCFGDIR)' }),
  clientPort: setting.port({ env: 'ZK_CLIENT_PORT', default: 2181, help: 'Client port' }),
  quorumPort: setting.port({ env: 'ZK_QUORUM_PORT', default: 2888, help: 'Follower-to-leader port' }),
  electionPort: setting.port({ env: 'ZK_ELECTION_PORT', default: 3888, help: 'Leader-election port' }),
  adminPort: setting.int({
    env: 'ZK_ADMIN_PORT',
    min: 0,
    max: 65535,
    default: 0,
    help: 'AdminServer HTTP port; 0 turns the AdminServer off (its default 8080 collides with many sidecars)',
  }),
  configTemplate: setting.optionalPath({
    env: 'ZK_CONFIG_TEMPLATE',
    help: 'Optional base zoo.cfg (e.g. a mounted ConfigMap) with any other keys (tickTime, initLimit, ...); it must not set keys this agent derives',
  }),
  zkLogLevel: setting.oneOf(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const, {
    env: 'ZK_LOG_LEVEL',
    default: 'INFO',
    help: 'Root level of the logback.xml written for ZooKeeper (logs to the console)',
  }),
};
