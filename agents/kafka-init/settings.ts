/** Every setting of kafka-init, declared once (flag, env, default, help). */
import { isIP } from 'node:net';
import { InvalidValue, setting } from '../lib/config/index.ts';
import { dnsLabel, dnsName } from '../lib/dns.ts';
import { parseOrdinalTemplate } from './ordinal-template.ts';
import { parseZookeeperConnect } from './zookeeper-connect.ts';
import { ADDRESS_TYPES } from './external/node-address.ts';
import { parseClusterId } from './cluster-id.ts';
import { parseProcessRoles } from './kraft-plan.ts';

export const EXTERNAL_MODES = ['none', 'nodeport', 'loadbalancer', 'hostport'] as const;
export type ExternalMode = (typeof EXTERNAL_MODES)[number];

function ipAddress(raw: string): string {
  const s = raw.trim();
  if (isIP(s) === 0) throw new InvalidValue(`must be an IP address (downward API status.hostIP), got ${JSON.stringify(raw)}`);
  return s;
}

/** Empty means unset, so a manifest can pass an empty downward-API value through. */
function optional<T>(parse: (raw: string) => T): (raw: string) => T | undefined {
  return (raw) => (raw.trim() === '' ? undefined : parse(raw));
}

function labelKey(raw: string): string {
  const s = raw.trim();
  if (s !== '' && !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(s)) {
    throw new InvalidValue(`must be a node label key like topology.kubernetes.io/zone, or empty to turn racks off, got ${JSON.stringify(raw)}`);
  }
  return s;
}

export const METADATA_MODES = ['zookeeper', 'kraft'] as const;
export type MetadataMode = (typeof METADATA_MODES)[number];

function voterCount(raw: string): number {
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new InvalidValue(`must be a whole number of controllers from 1 to 9 (an odd number: 1, 3 or 5), got ${JSON.stringify(raw)}`);
  return n;
}

const KRAFT_HELP = {
  processRoles: "kraft mode: process.roles of this StatefulSet's nodes: broker, controller, or broker,controller (combined nodes, e.g. a one-node cluster). Required in kraft mode",
  clusterId: 'kraft mode: the cluster id every volume is formatted with and checked against, 22 characters of base64url (kafka-storage.sh random-uuid). Set it once; required in kraft mode',
  controllerStatefulSet: "kraft mode: the StatefulSet of the controllers; its pods <name>-<ordinal> are the quorum's voters (for combined nodes, this StatefulSet's own name)",
  controllerReplicas:
    "kraft mode: how many controllers vote (the controller StatefulSet's replicas; 1, 3 or 5). Every node lists them all in controller.quorum.voters, so all must agree. Required in kraft mode",
  controllerService: 'kraft mode: headless Service that gives each controller its DNS name (for combined nodes, KAFKA_HEADLESS_SERVICE)',
};

/** An optional ordinal template that replaces what discovery would advertise. */
function advertisedOverride(env: string, help: string) {
  return setting.custom('<template>', optional(parseOrdinalTemplate), { env, help });
}

export const settings = {
  podName: setting.string({
    env: 'POD_NAME',
    fallbackEnv: ['HOSTNAME'],
    required: true,
    help: "This pod's name, <set>-<ordinal> (downward API metadata.name). Falls back to $HOSTNAME, which a StatefulSet sets to the pod name",
  }),
  namespace: setting.custom('<dns-label>', dnsLabel, {
    env: 'POD_NAMESPACE',
    required: true,
    help: "Namespace of the pod (downward API metadata.namespace); part of the broker's DNS name and where its external Service is read",
  }),
  nodeName: setting.custom('<node>', optional(dnsName), {
    env: 'NODE_NAME',
    help: 'Node the pod runs on (downward API spec.nodeName). Needed for broker.rack and for the node address in nodeport mode',
  }),
  hostIp: setting.custom('<ip>', optional(ipAddress), {
    env: 'HOST_IP',
    help: "The node's IP (downward API status.hostIP). The advertised external host in hostport mode",
  }),
  brokerIdOffset: setting.int({
    env: 'KAFKA_BROKER_ID_OFFSET',
    min: 0,
    max: 1_000_000,
    default: 0,
    help: 'broker.id = ordinal + this offset (in kraft mode the node.id of brokers and combined nodes, below 1000; controllers are 1000 + ordinal). Never change it on a running cluster: the data volumes remember their id',
  }),
  internalPort: setting.port({ env: 'KAFKA_INTERNAL_PORT', default: 9092, help: 'Port of the INTERNAL listener (clients in the cluster and replication)' }),
  headlessService: setting.custom('<dns-label>', dnsLabel, {
    env: 'KAFKA_HEADLESS_SERVICE',
    default: 'broker',
    help: 'Headless Service that gives each broker its DNS name, advertised on the INTERNAL listener',
  }),
  clusterDomain: setting.custom('<dns-name>', dnsName, { env: 'KAFKA_CLUSTER_DOMAIN', default: 'cluster.local', help: 'Cluster DNS domain' }),
  externalMode: setting.oneOf(EXTERNAL_MODES, {
    env: 'KAFKA_EXTERNAL_MODE',
    default: 'none',
    help: 'How clients outside the cluster reach each broker: none (INTERNAL listener only), nodeport (node address + nodePort of the broker\'s Service), loadbalancer (the Service\'s load-balancer address), hostport (HOST_IP + KAFKA_EXTERNAL_HOSTPORT)',
  }),
  externalContainerPort: setting.port({
    env: 'KAFKA_EXTERNAL_CONTAINER_PORT',
    default: 9094,
    help: 'Container port of the EXTERNAL listener; the per-broker Service targets it',
  }),
  externalServiceTemplate: setting.custom('<template>', parseOrdinalTemplate, {
    env: 'KAFKA_EXTERNAL_SERVICE_TEMPLATE',
    default: 'outside-{ordinal}',
    help: "Name of each broker's own Service in nodeport and loadbalancer modes; {ordinal} is the pod's ordinal",
  }),
  externalAddressTypes: setting.list({
    env: 'KAFKA_EXTERNAL_ADDRESS_TYPES',
    allowed: ADDRESS_TYPES,
    nonEmpty: true,
    default: ['ExternalDNS', 'ExternalIP', 'InternalDNS', 'InternalIP', 'Hostname'],
    help: "nodeport mode: the node address types to advertise, in order of preference; the first type the node has wins",
  }),
  externalHost: advertisedOverride('KAFKA_EXTERNAL_HOST', 'Advertised EXTERNAL host, e.g. kafka-{ordinal}.example.com; wins over discovery (for your own DNS)'),
  externalPort: advertisedOverride('KAFKA_EXTERNAL_PORT', 'Advertised EXTERNAL port, e.g. 3240{ordinal} or {ordinal+32400}; wins over discovery'),
  externalHostPort: setting.port({
    env: 'KAFKA_EXTERNAL_HOSTPORT',
    default: 9094,
    help: "hostport mode: the container's hostPort, advertised with HOST_IP",
  }),
  loadBalancerWait: setting.duration({
    env: 'KAFKA_EXTERNAL_LB_WAIT',
    default: 300_000,
    minMs: 0,
    help: 'loadbalancer mode: how long to wait for the Service to get a load-balancer address before failing',
  }),
  loadBalancerPoll: setting.duration({
    env: 'KAFKA_EXTERNAL_LB_POLL_INTERVAL',
    default: 5_000,
    minMs: 10,
    help: 'loadbalancer mode: time between reads of the Service while waiting for its address',
  }),
  rackLabel: setting.custom('<label>', labelKey, {
    env: 'KAFKA_RACK_LABEL',
    default: 'topology.kubernetes.io/zone',
    help: "Node label whose value becomes broker.rack; empty turns racks off (and with them the need to read nodes)",
  }),
  rackRequired: setting.bool({
    env: 'KAFKA_RACK_REQUIRED',
    default: false,
    help: 'Fail when the node lacks the rack label, instead of a warning and no broker.rack',
  }),
  metadataMode: setting.oneOf(METADATA_MODES, {
    env: 'KAFKA_METADATA_MODE',
    default: 'zookeeper',
    help: 'Where the cluster keeps its metadata: zookeeper (Kafka 3.9, KAFKA_ZOOKEEPER_CONNECT) or kraft (Kafka 4.x, a controller quorum; the KAFKA_PROCESS_ROLES, KAFKA_CLUSTER_ID and KAFKA_CONTROLLER_* settings)',
  }),
  processRoles: setting.custom('<roles>', optional(parseProcessRoles), { env: 'KAFKA_PROCESS_ROLES', help: KRAFT_HELP.processRoles }),
  clusterId: setting.custom('<cluster-id>', optional(parseClusterId), { env: 'KAFKA_CLUSTER_ID', help: KRAFT_HELP.clusterId }),
  controllerStatefulSet: setting.custom('<dns-label>', dnsLabel, { env: 'KAFKA_CONTROLLER_STATEFULSET', default: 'kafka-controller', help: KRAFT_HELP.controllerStatefulSet }),
  controllerService: setting.custom('<dns-label>', dnsLabel, { env: 'KAFKA_CONTROLLER_SERVICE', default: 'controller', help: KRAFT_HELP.controllerService }),
  controllerReplicas: setting.custom('<n>', optional(voterCount), { env: 'KAFKA_CONTROLLER_REPLICAS', help: KRAFT_HELP.controllerReplicas }),
  controllerPort: setting.port({ env: 'KAFKA_CONTROLLER_PORT', default: 9093, help: 'kraft mode: port of the CONTROLLER listener (the quorum, and brokers to the controllers)' }),
  zookeeperConnect: setting.custom('<hosts[/chroot]>', parseZookeeperConnect, {
    env: 'KAFKA_ZOOKEEPER_CONNECT',
    default: 'zookeeper:2181',
    help: 'zookeeper mode: zookeeper.connect, host:port[,host:port...][/chroot]',
  }),
  dataDir: setting.path({
    env: 'KAFKA_DATA_DIR',
    default: '/var/lib/kafka/data/kafka-logs',
    help: "log.dirs: the node's data volume; its meta.properties must name this node's id (and in kraft mode KAFKA_CLUSTER_ID)",
  }),
  configTemplate: setting.optionalPath({
    env: 'KAFKA_CONFIG_TEMPLATE',
    help: 'Optional base server.properties (e.g. a mounted ConfigMap) with any other broker settings; it must not set keys this agent derives',
  }),
  configOut: setting.path({ env: 'KAFKA_CONFIG_OUT', default: '/etc/kafka-broker/server.properties', help: 'Where server.properties is written' }),
  identityOut: setting.path({
    env: 'KAFKA_IDENTITY_OUT',
    default: '/etc/kafka-broker/identity.json',
    help: "zookeeper mode: where the broker's identity (id, rack, endpoints) is written for the sidecar (in kraft mode the sidecar reads server.properties)",
  }),
  kubeconfig: setting.optionalPath({
    env: 'KUBECONFIG',
    help: 'A kubeconfig file (or several, separated by :) to reach the Kubernetes API, as kubectl reads it; unset: the in-cluster service account',
  }),
  serviceAccountDir: setting.path({
    env: 'KUBE_SERVICE_ACCOUNT_DIR',
    default: '/var/run/secrets/kubernetes.io/serviceaccount',
    help: 'In-cluster service account (token, ca.crt), used when KUBECONFIG is unset; the API address comes from $KUBERNETES_SERVICE_HOST and $KUBERNETES_SERVICE_PORT',
  }),
  apiTimeout: setting.duration({
    env: 'KUBE_API_TIMEOUT',
    default: 5_000,
    minMs: 10,
    maxMs: 120_000,
    help: 'Time limit of each Kubernetes API request',
  }),
  apiRetries: setting.int({
    env: 'KUBE_API_RETRIES',
    min: 0,
    max: 20,
    default: 5,
    help: 'Retries of a Kubernetes API request after a timeout, refused connection, 404, 429 or 5xx',
  }),
  apiBackoff: setting.duration({
    env: 'KUBE_API_BACKOFF',
    default: 500,
    minMs: 1,
    maxMs: 60_000,
    help: 'Wait before the first retry; it doubles on each retry, up to 10 times this',
  }),
};
