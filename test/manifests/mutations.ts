/**
 * Broken manifests: each mutation breaks one thing in a rendered variant that a check of lint/checks.ts
 * must catch (checks.test.ts), and some of them a real API server refuses too (test/kubernetes).
 * A mutation changes the objects in place, or returns the check context to use instead.
 */
import { join } from 'node:path';
import { clone, MANIFESTS, render, type Container, type K8sObject } from './lint/kustomize.ts';
import type { CheckContext, CheckName } from './lint/checks.ts';

const rendered = new Map<string, K8sObject[]>();
export function stack(variant: string): K8sObject[] {
  if (!rendered.has(variant)) rendered.set(variant, [...render(join(MANIFESTS, variant)), ...render(join(MANIFESTS, 'test')), ...render(join(MANIFESTS, 'test/chaos'))]);
  return clone(rendered.get(variant)!);
}

export function obj(objs: K8sObject[], kind: string, name: string): K8sObject {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} is not rendered`);
  return o;
}

export function ctr(o: K8sObject, name: string): Container {
  const spec = o.spec.template.spec;
  const c = [...(spec.initContainers ?? []), ...spec.containers].find((x: Container) => x.name === name);
  if (!c) throw new Error(`${o.kind}/${o.metadata.name} has no container ${name}`);
  return c;
}

export function setEnv(c: Container, name: string, value: string): void {
  const e = (c.env ?? []).find((x: { name: string }) => x.name === name);
  if (e) e.value = value;
  else (c.env ??= []).push({ name, value });
}

export type Mutation = [description: string, variant: string, check: CheckName, mutate: (objs: K8sObject[], ctx: CheckContext) => CheckContext | void, want: RegExp];

export const MUTATIONS: readonly Mutation[] = [
  // services
  ['a client Service selecting a label no pod has', '.', 'services', (o) => { obj(o, 'Service', 'zookeeper').spec.selector['app.kubernetes.io/name'] = 'zk'; }, /matches no pod template/],
  ['a bootstrap Service that hides brokers that serve but are unsafe to roll', '.', 'services', (o) => { delete obj(o, 'Service', 'kafka').spec.publishNotReadyAddresses; }, /Service\/kafka fronts the brokers of StatefulSet\/kafka but does not publishNotReadyAddresses/],
  ['a targetPort name no container declares', '.', 'services', (o) => { obj(o, 'Service', 'broker').spec.ports[0].targetPort = 'internall'; }, /targets "internall"/],
  ['an outside-N Service for a broker that does not exist', 'variants/external-nodeport', 'services', (o) => { obj(o, 'Service', 'outside-2').spec.selector['statefulset.kubernetes.io/pod-name'] = 'kafka-3'; }, /matches no pod template/],
  // probes
  ['a named probe port that belongs to another container', '.', 'probes', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper').readinessProbe.httpGet.port = 'metrics'; }, /names port "metrics", which container zookeeper does not declare/],
  ['a probe port no container declares', '.', 'probes', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').readinessProbe.httpGet.port = 9405; }, /probes port 9405, which no container/],
  ['readiness that is a TCP check, not the sidecar', '.', 'probes', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').readinessProbe = { tcpSocket: { port: 'internal' } }; }, /httpGet \/readyz on the sidecar/],
  ['a sidecar port that differs from SIDECAR_PORT', '.', 'probes', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'zoo'), 'sidecar'), 'SIDECAR_PORT', '9500'); }, /SIDECAR_PORT 9500/],
  ['no Prometheus scrape annotation', '.', 'probes', (o) => { delete obj(o, 'StatefulSet', 'zoo').spec.template.metadata.annotations; }, /scrape the sidecar/],
  ['a probe on an init container', '.', 'probes', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper-init').readinessProbe = { tcpSocket: { port: 2181 } }; }, /init container zookeeper-init has a readinessProbe/],
  // ports
  ['a sidecar port that the server opens too', '.', 'ports', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'sidecar').ports[0].containerPort = 2181; }, /containers zookeeper and sidecar both open port 2181/],
  ['a port name used twice in a pod', '.', 'ports', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'sidecar').ports[0].name = 'internal'; }, /port name "internal" is used by kafka and sidecar/],
  ['a port name longer than 15 characters', '.', 'ports', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'sidecar').ports[0].name = 'prometheus-metrics'; }, /not an IANA service name/],
  // volumes
  ['a mount of an undeclared volume', '.', 'volumes', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper').volumeMounts[1].name = 'datalogs'; }, /mounts "datalogs", which is neither/],
  ['a ConfigMap volume naming a ConfigMap that is not rendered', '.', 'volumes', (o) => { obj(o, 'StatefulSet', 'kafka').spec.template.spec.volumes.find((v: { name: string }) => v.name === 'template').configMap.name = 'kafka-config'; }, /needs ConfigMap kafka-config,/],
  ['a data volume above the image\'s own VOLUME', '.', 'volumes', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').volumeMounts.find((m: { name: string }) => m.name === 'data').mountPath = '/var/lib/kafka'; }, /mounts a volume at \/var\/lib\/kafka, but its image declares VOLUME \/var\/lib\/kafka\/data inside it/],
  ['a read-only config volume above the image\'s VOLUME /etc/kafka/secrets', '.', 'volumes', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').volumeMounts.find((m: { name: string }) => m.name === 'config').mountPath = '/etc/kafka'; }, /mounts config read-only at \/etc\/kafka, but its image declares VOLUME \/etc\/kafka\/secrets inside it/],
  ['a volume nobody mounts', '.', 'volumes', (o) => { obj(o, 'StatefulSet', 'zoo').spec.template.spec.volumes.push({ name: 'spare', emptyDir: {} }); }, /declares volume "spare" that no container mounts/],
  ['a ServiceAccount that is not rendered', '.', 'volumes', (o) => { obj(o, 'StatefulSet', 'kafka').spec.template.spec.serviceAccountName = 'broker'; }, /ServiceAccount broker, which is not rendered/],
  // storage
  ['a claim naming a class the variant lacks', '.', 'storage', (o) => { obj(o, 'StatefulSet', 'kafka').spec.volumeClaimTemplates[0].spec.storageClassName = 'standard'; }, /needs StorageClass standard, which this variant does not render/],
  ['a storage class that deletes volumes', 'variants/dev-small', 'storage', (o) => { obj(o, 'StorageClass', 'kafka-zookeeper').reclaimPolicy = 'Delete'; }, /StorageClass\/kafka-zookeeper must keep volumes/],
  ['a claim on the cluster\'s default class', '.', 'storage', (o) => { delete obj(o, 'StatefulSet', 'zoo').spec.volumeClaimTemplates[1].spec.storageClassName; }, /claim datalog names no storageClassName/],
  ['too few hand-made volumes', '.', 'storage', (o) => {
    const manual = render(join(MANIFESTS, 'storage/manual'));
    o.splice(0, o.length, ...o.filter((x) => x.kind !== 'StorageClass'), ...manual.filter((v) => v.metadata.name !== 'kafka-manual-kafka-data-2'));
  }, /StorageClass\/kafka-broker has no provisioner and 2 PersistentVolumes for 3 claims/],
  ['a hand-made volume smaller than its claim', '.', 'storage', (o) => {
    const manual = render(join(MANIFESTS, 'storage/manual'));
    manual.find((v) => v.metadata.name === 'kafka-manual-kafka-data-1')!.spec.capacity.storage = '10Gi';
    o.splice(0, o.length, ...o.filter((x) => x.kind !== 'StorageClass'), ...manual);
  }, /StorageClass\/kafka-broker: a PersistentVolume is smaller than the claim/],
  // memory
  ['a broker heap as large as its limit', 'variants/dev-small', 'memory', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka'), 'KAFKA_HEAP_OPTS', '-Xms1g -Xmx1g'); }, /heap 1024Mi \(KAFKA_HEAP_OPTS\) leaves too little of the 1Gi limit/],
  ['ZooKeeper on its default heap under a small limit', '.', 'memory', (o) => { const c = ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper'); c.env = c.env.filter((e: { name: string }) => e.name !== 'ZK_SERVER_HEAP'); }, /heap 1000Mi \(ZK_SERVER_HEAP\)/],
  // agent env
  ['a misspelled setting', '.', 'agentEnv', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper-init'), 'ZK_REPLICA', '3'); }, /sets ZK_REPLICA, which zookeeper-init does not declare/],
  ['a kafka-init setting on the sidecar', '.', 'agentEnv', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'sidecar'), 'KAFKA_INTERNAL_PORT', '9092'); }, /sets KAFKA_INTERNAL_PORT, which sidecar does not declare/],
  ['a value the agent would refuse', '.', 'agentEnv', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'sidecar'), 'SIDECAR_MODE', 'kafak'); }, /SIDECAR_MODE="kafak"/],
  ['a required setting left out', '.', 'agentEnv', (o) => { const c = ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper-init'); c.env = c.env.filter((e: { name: string }) => e.name !== 'ZK_REPLICAS'); }, /does not set ZK_REPLICAS/],
  ['a setting given twice', '.', 'agentEnv', (o) => { const c = ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka-init'); c.env.push({ name: 'KAFKA_EXTERNAL_MODE', value: 'nodeport' }); }, /sets KAFKA_EXTERNAL_MODE twice/],
  ['an agent container named otherwise', '.', 'agentEnv', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper-init').name = 'init'; }, /name the container after its agent/],
  ['Service links left on', '.', 'agentEnv', (o) => { delete obj(o, 'StatefulSet', 'kafka').spec.template.spec.enableServiceLinks; }, /StatefulSet\/kafka must set enableServiceLinks: false/],
  ['an agent whose schema is missing fails loudly', '.', 'agentEnv', (_o, c) => ({ ...c, schemas: Object.fromEntries(Object.entries(c.schemas).filter(([k]) => k !== 'kafka-init')) }), /no settings schema for agent kafka-init/],
  // wiring: DNS names, ports, paths
  ['ZK_REPLICAS that disagrees with replicas', '.', 'wiring', (o) => { obj(o, 'StatefulSet', 'zoo').spec.replicas = 5; }, /ZK_REPLICAS=3 but replicas is 5/],
  ['ZK_HEADLESS_SERVICE naming the client Service', '.', 'wiring', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper-init'), 'ZK_HEADLESS_SERVICE', 'zookeeper'); }, /not the StatefulSet's serviceName[\s\S]*not headless/],
  ['a headless Service that hides unready peers', '.', 'wiring', (o) => { obj(o, 'Service', 'zoo').spec.publishNotReadyAddresses = false; }, /must publishNotReadyAddresses/],
  ['a quorum port the container does not open', '.', 'wiring', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper-init'), 'ZK_QUORUM_PORT', '2889'); }, /ZK_QUORUM_PORT=2889 is not a containerPort/],
  ['transaction logs on a volume that does not persist', '.', 'wiring', (o) => {
    const s = obj(o, 'StatefulSet', 'zoo');
    s.spec.template.spec.volumes.push({ name: 'scratch', emptyDir: {} });
    for (const n of ['zookeeper-init', 'zookeeper']) ctr(s, n).volumeMounts.find((m: { name: string }) => m.name === 'datalog').name = 'scratch';
  }, /ZK_DATA_LOG_DIR=\/datalog must be on a persistent volume/],
  ['a data volume kafka-init cannot write to', '.', 'wiring', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka-init').volumeMounts.find((m: { name: string }) => m.name === 'data').readOnly = true; }, /KAFKA_DATA_DIR=\/var\/lib\/kafka\/data\/kafka-logs is mounted read-only in container kafka-init/],
  ['a config directory zookeeper-init cannot write to', '.', 'wiring', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper-init').volumeMounts.find((m: { name: string }) => m.name === 'conf').readOnly = true; }, /ZK_CONF_DIR=\/conf is mounted read-only in container zookeeper-init/],
  ['KAFKA_ZOOKEEPER_CONNECT on a port the Service lacks', '.', 'wiring', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka-init'), 'KAFKA_ZOOKEEPER_CONNECT', 'zookeeper:2182'); }, /Service zookeeper has no port 2182/],
  ['KAFKA_ZOOKEEPER_CONNECT with a hard-coded namespace', '.', 'wiring', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka-init'), 'KAFKA_ZOOKEEPER_CONNECT', 'zookeeper.other.svc.cluster.local:2181'); }, /names namespace other/],
  ['KAFKA_ZOOKEEPER_CONNECT naming a Service that is not ZooKeeper', '.', 'wiring', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka-init'), 'KAFKA_ZOOKEEPER_CONNECT', 'kafka:9092'); }, /does not select the ZooKeeper pods/],
  ['a sidecar reading another identity file', '.', 'wiring', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'sidecar'), 'SIDECAR_IDENTITY_FILE', '/etc/kafka-broker/id.json'); }, /not kafka-init's KAFKA_IDENTITY_OUT/],
  ['a broker started on another file', '.', 'wiring', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').command = ['/opt/kafka/bin/kafka-server-start.sh', '/opt/kafka/config/server.properties']; }, /does not start on KAFKA_CONFIG_OUT/],
  ['a zoo.cfg template setting a derived key', '.', 'wiring', (o) => { const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('zookeeper-config'))!; cm.data['zoo.cfg'] += 'clientPort=2182\n'; }, /sets clientPort, which zookeeper-init derives/],
  ['a server.properties template setting a derived key', '.', 'wiring', (o) => { const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('kafka-config'))!; cm.data['server.properties'] += 'broker.id=7\n'; }, /sets broker.id, which kafka-init derives/],
  ['a misspelled broker setting', '.', 'wiring', (o) => { const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('kafka-config'))!; cm.data['server.properties'] += 'log.retention.hour=24\n'; }, /log.retention.hour is not a key the server knows/],
  ['min.insync.replicas equal to the replication factor', '.', 'wiring', (o) => { const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('kafka-config'))!; cm.data['server.properties'] = cm.data['server.properties'].replace('min.insync.replicas=2', 'min.insync.replicas=3'); }, /leaves no room for one broker down/],
  ['a replication factor above the broker count', 'variants/dev-small', 'wiring', (o) => { const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('kafka-config'))!; cm.data['server.properties'] = cm.data['server.properties'].replace('offsets.topic.replication.factor=1', 'offsets.topic.replication.factor=3'); }, /offsets.topic.replication.factor=3 exceeds the 1 broker/],
  ['a config ConfigMap without a content hash', '.', 'wiring', (o) => {
    const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith('kafka-config'))!;
    cm.metadata.name = 'kafka-config';
    obj(o, 'StatefulSet', 'kafka').spec.template.spec.volumes.find((v: { name: string }) => v.name === 'template').configMap.name = 'kafka-config';
  }, /no content hash/],
  ['a broker without its outside-N Service', 'variants/external-nodeport', 'wiring', (o) => { o.splice(o.indexOf(obj(o, 'Service', 'outside-2')), 1); }, /Service outside-2 \(from KAFKA_EXTERNAL_SERVICE_TEMPLATE\) is missing for broker 2/],
  ['an outside-N Service routed through any node', 'variants/external-nodeport', 'wiring', (o) => { obj(o, 'Service', 'outside-1').spec.externalTrafficPolicy = 'Cluster'; }, /outside-1 needs externalTrafficPolicy: Local/],
  ['an outside-N Service of the wrong type', 'variants/external-loadbalancer', 'wiring', (o) => { obj(o, 'Service', 'outside-0').spec.type = 'NodePort'; }, /outside-0 is of type NodePort, not LoadBalancer/],
  ['an EXTERNAL listener port the broker does not open', 'variants/external-nodeport', 'wiring', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka-init'), 'KAFKA_EXTERNAL_CONTAINER_PORT', '9095'); }, /KAFKA_EXTERNAL_CONTAINER_PORT=9095 is not a containerPort/],
  ['hostport mode without a hostPort', 'variants/external-hostport', 'wiring', (o) => { delete ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').ports.find((p: { name: string }) => p.name === 'external').hostPort; }, /hostport mode: container port 9094 needs hostPort 9094/],
  ['a test Job bootstrapping from a Service that does not exist', '.', 'wiring', (o) => { const c = ctr(obj(o, 'Job', 'topic-create-test-basic'), 'topic-create'); c.command[c.command.indexOf('kafka:9092')] = 'bootstrap:9092'; }, /no Service bootstrap/],
  ['CMAK pointed at a ZooKeeper port that is not served', '.', 'wiring', (o) => { setEnv(ctr(obj(o, 'Deployment', 'kafka-manager'), 'kafka-manager'), 'ZK_HOSTS', 'zookeeper:2888'); }, /Service zookeeper has no port 2888/],
  ['the CMAK Job posting to a port the Service lacks', '.', 'wiring', (o) => { const c = ctr(obj(o, 'Job', 'kafka-manager-add-cluster'), 'add-cluster'); c.command[c.command.length - 1] = 'http://kafka-manager:8080/clusters'; }, /Service kafka-manager has no port 8080/],
  ['the cluster CMAK is told about naming another ZooKeeper', '.', 'wiring', (o) => { const c = ctr(obj(o, 'Job', 'kafka-manager-add-cluster'), 'add-cluster'); c.command[c.command.indexOf('zkHosts=zookeeper:2181')] = 'zkHosts=zoo-0:2181'; }, /no Service zoo-0/],
  // PodDisruptionBudgets
  ['a PDB that selects nothing', '.', 'pdbs', (o) => { obj(o, 'PodDisruptionBudget', 'zoo').spec.selector.matchLabels['app.kubernetes.io/name'] = 'zk'; }, /selects 0 workloads[\s\S]*StatefulSet\/zoo has no PodDisruptionBudget/],
  ['a PDB that blocks every drain', '.', 'pdbs', (o) => { const p = obj(o, 'PodDisruptionBudget', 'kafka'); delete p.spec.maxUnavailable; p.spec.minAvailable = 3; }, /minAvailable 3 of 3 blocks every drain/],
  // RBAC
  ['no grant to read nodes', '.', 'rbac', (o) => { o.splice(o.indexOf(obj(o, 'ClusterRoleBinding', 'kafka-node-reader')), 1); }, /needs get nodes \(cluster-wide\)/],
  ['a grant broader than get', '.', 'rbac', (o) => { obj(o, 'ClusterRole', 'kafka-node-reader').rules[0].verbs.push('list'); }, /granted list nodes \(cluster-wide\), which none/],
  ['a binding in another namespace', '.', 'rbac', (o) => { obj(o, 'ClusterRoleBinding', 'kafka-node-reader').subjects[0].namespace = 'default'; }, /needs get nodes[\s\S]*default\/kafka, which no pod/],
  ['NodePort access without reading Services', 'variants/external-nodeport', 'rbac', (o) => { o.splice(o.indexOf(obj(o, 'RoleBinding', 'kafka-service-reader')), 1); }, /needs get services \(in the namespace\)/],
  ['reading Services with no external access', '.', 'rbac', (o) => {
    const np = stack('variants/external-nodeport');
    o.push(obj(np, 'Role', 'kafka-service-reader'), obj(np, 'RoleBinding', 'kafka-service-reader'));
  }, /granted get services \(in the namespace\), which none/],
  ['a rack label turned off but nodes still readable', '.', 'rbac', (o) => { setEnv(ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka-init'), 'KAFKA_RACK_LABEL', ''); }, /granted get nodes \(cluster-wide\), which none/],
  ['chaos rounds that may delete every pod of the namespace', '.', 'rbac', (o) => { delete obj(o, 'Role', 'canary-chaos').rules[0].resourceNames; }, /Role\/canary-chaos grants on pods without resourceNames \(every pod in the namespace\), but the canary's CANARY_CHAOS_PODS are kafka-0/],
  ['chaos rounds over a pod the Role does not name', '.', 'rbac', (o) => { setEnv(ctr(obj(o, 'Job', 'canary-chaos'), 'canary'), 'CANARY_CHAOS_PODS', 'kafka-0,kafka-3'); }, /named kafka-0,kafka-1,kafka-2,zoo-0,zoo-1,zoo-2, but the canary's CANARY_CHAOS_PODS are kafka-0,kafka-3/],
  ['chaos rounds that may not delete', '.', 'rbac', (o) => { obj(o, 'Role', 'canary-chaos').rules[0].verbs = ['get']; }, /Job\/canary-chaos \(ServiceAccount canary-chaos\) needs delete pods \(in the namespace\)/],
  ['chaos rounds without a token', '.', 'rbac', (o) => { obj(o, 'Job', 'canary-chaos').spec.template.spec.automountServiceAccountToken = false; }, /Job\/canary-chaos the canary \(chaos mode\) calls the API but the pod gets no token/],
  ['a token mounted into pods that call no API', '.', 'rbac', (o) => { delete obj(o, 'StatefulSet', 'zoo').spec.template.spec.automountServiceAccountToken; }, /StatefulSet\/zoo calls no API/],
  // security
  ['a pod that may run as root', '.', 'security', (o) => { delete obj(o, 'StatefulSet', 'zoo').spec.template.spec.securityContext.runAsNonRoot; }, /must set runAsNonRoot/],
  ['a writable root filesystem for the broker', '.', 'security', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').securityContext.readOnlyRootFilesystem = false; }, /container kafka must set readOnlyRootFilesystem/],
  ['a container without a memory limit', '.', 'security', (o) => { delete ctr(obj(o, 'StatefulSet', 'kafka'), 'sidecar').resources.limits; }, /container sidecar needs cpu and memory requests and a memory limit/],
  // images
  ['an untagged server image', '.', 'images', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'zookeeper').image = 'zookeeper'; }, /has no tag/],
  ['an agent image without a release tag', '.', 'images', (o) => { ctr(obj(o, 'StatefulSet', 'zoo'), 'sidecar').image = 'ghcr.io/kafka-statefulset/sidecar:latest'; }, /must carry a release tag/],
  ['a Kafka release without ZooKeeper mode', '.', 'images', (o) => { ctr(obj(o, 'StatefulSet', 'kafka'), 'kafka').image = 'apache/kafka:4.0.0'; }, /not the targeted release/],
  // workloads
  ['ordered start-up of the ensemble', '.', 'workloads', (o) => { obj(o, 'StatefulSet', 'zoo').spec.podManagementPolicy = 'OrderedReady'; }, /StatefulSet\/zoo needs podManagementPolicy: Parallel/],
  ['no anti-affinity', '.', 'workloads', (o) => { delete obj(o, 'StatefulSet', 'kafka').spec.template.spec.affinity; }, /needs pod anti-affinity/],
  ['too little time for a controlled shutdown', '.', 'workloads', (o) => { obj(o, 'StatefulSet', 'kafka').spec.template.spec.terminationGracePeriodSeconds = 30; }, /cuts a controlled shutdown short/],
];
