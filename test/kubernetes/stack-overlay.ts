/**
 * The test overlay that brings ZooKeeper 3 + Kafka 3 of manifests/ onto the one test node (node.ts):
 * manifests/storage/manual's local PersistentVolumes on that node, in directories of the test's own; the
 * images that the podman builds made (test/e2e/images.ts); and, since one node holds every replica, the
 * StatefulSets' one-per-node anti-affinity removed and the servers' CPU requests lowered (the only changes
 * to the workloads themselves).
 */

/** The PersistentVolumes of manifests/storage/manual, by name. */
export const MANUAL_VOLUMES = [0, 1, 2].flatMap((i) => [`kafka-manual-zoo-data-${i}`, `kafka-manual-zoo-datalog-${i}`, `kafka-manual-kafka-data-${i}`]);

export interface StackOverlay {
  /** manifests/, relative to the overlay's directory. */
  readonly manifests: string;
  readonly namespace: string;
  readonly nodeName: string;
  /** Where each volume's directory is: `${volumeRoot}/${pv name}`. */
  readonly volumeRoot: string;
  /** Image name in manifests/ -> local reference (name:tag). */
  readonly images: Readonly<Record<string, string>>;
}

function image(name: string, ref: string): string[] {
  const at = ref.lastIndexOf(':');
  return [`- name: ${name}`, `  newName: ${ref.slice(0, at)}`, `  newTag: "${ref.slice(at + 1)}"`];
}

/** The servers' CPU requests, lowered so that every replica fits on one small node (2 cores). */
export const SERVER_CPU_REQUEST = '100m';

function cpu(statefulSet: string, container: string): string[] {
  return [
    '- patch: |-',
    '    apiVersion: apps/v1',
    '    kind: StatefulSet',
    `    metadata: {name: ${statefulSet}}`,
    `    spec: {template: {spec: {containers: [{name: ${container}, resources: {requests: {cpu: ${SERVER_CPU_REQUEST}}}}]}}}`,
  ];
}

export function stackOverlay(o: StackOverlay): string {
  const pv = (name: string) => [
    '- target: {kind: PersistentVolume, name: ' + name + '}',
    '  patch: |-',
    `    - {op: replace, path: /spec/local/path, value: ${o.volumeRoot}/${name}}`,
    `    - {op: replace, path: /spec/nodeAffinity/required/nodeSelectorTerms/0/matchExpressions/0/values, value: [${o.nodeName}]}`,
  ];
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `namespace: ${o.namespace}`,
    'resources:',
    `- ${o.manifests}/zookeeper`,
    `- ${o.manifests}/kafka`,
    `- ${o.manifests}/storage/manual`,
    'images:',
    ...Object.entries(o.images).flatMap(([name, ref]) => image(name, ref)),
    'patches:',
    '- target: {kind: StatefulSet}',
    '  patch: |-',
    '    - {op: remove, path: /spec/template/spec/affinity/podAntiAffinity}',
    ...cpu('kafka', 'kafka'),
    ...cpu('zoo', 'zookeeper'),
    ...MANUAL_VOLUMES.flatMap(pv),
    '',
  ].join('\n');
}
