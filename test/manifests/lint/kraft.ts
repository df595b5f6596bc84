/**
 * KRaft wiring: every node of a KRaft stack agrees on the quorum and reads the cluster id from one
 * ConfigMap key; the controllers' StatefulSet, Service and port are what the settings name; and each
 * volume is formatted by kafka-storage after kafka-init has checked it, with the same id and file.
 */
import { parseClusterId } from '../../../agents/kafka-init/cluster-id.ts';
import { envOf, findContainer, podOwners, selects, type Container, type K8sObject, type PodOwner } from './kustomize.ts';
import { configMapValue, mountFor, nsOf, portsOf, rawSetting, type CheckContext } from './shared.ts';

type Ref = { name?: string; key?: string } | undefined;
const refOf = (c: Container, env: string): Ref =>
  ((c.env ?? []) as Array<{ name: string; valueFrom?: { configMapKeyRef?: Ref } }>).find((e) => e.name === env)?.valueFrom?.configMapKeyRef;

export function checkKraftWiring(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  const schema = ctx.schemas['kafka-init'];
  const nodes = podOwners(objs).flatMap((o) => {
    const init = findContainer(o, 'kafka-init');
    return init && envOf(init).get('KAFKA_METADATA_MODE') === 'kraft' ? [{ o, init, get: (env: string) => rawSetting(init, schema, env) }] : [];
  });
  const sources = new Set<string>();
  const ports = new Set<string>();
  for (const { o, init, get } of nodes) {
    const ns = nsOf(o.obj);
    const ref = refOf(init, 'KAFKA_CLUSTER_ID');
    if (!ref) {
      problems.push(`${o.where} KAFKA_CLUSTER_ID must come from a ConfigMap key (configMapKeyRef), the one place every node reads it from`);
    } else {
      sources.add(`${ref.name}/${ref.key}`);
      const id = configMapValue(objs, ns, ref);
      try {
        if (id === undefined) throw new Error(`ConfigMap ${ref.name} has no key ${ref.key}`);
        parseClusterId(id);
      } catch (e) {
        problems.push(`${o.where} KAFKA_CLUSTER_ID from ${ref.name}/${ref.key}: ${(e as Error).message}`);
      }
    }
    ports.add(get('KAFKA_CONTROLLER_PORT') ?? '');
    problems.push(...quorumProblems(objs, o, get), ...formatProblems(o, init, get, ref));
  }
  if (sources.size > 1) problems.push(`KRaft nodes read KAFKA_CLUSTER_ID from different ConfigMap keys (${[...sources].join(', ')}): one cluster, one id`);
  if (ports.size > 1) problems.push(`KRaft nodes disagree on KAFKA_CONTROLLER_PORT (${[...ports].join(', ')})`);
  return problems;
}

/** The StatefulSet, replicas, Service and port the quorum settings name. */
function quorumProblems(objs: readonly K8sObject[], o: PodOwner, get: (env: string) => string | undefined): string[] {
  const problems: string[] = [];
  const ns = nsOf(o.obj);
  const setName = get('KAFKA_CONTROLLER_STATEFULSET');
  const where = `${o.where} KAFKA_CONTROLLER_STATEFULSET=${setName}`;
  const set = podOwners(objs).find((x) => x.obj.kind === 'StatefulSet' && x.obj.metadata.name === setName && nsOf(x.obj) === ns);
  if (!set) return [`${where}: no such StatefulSet, so no voter of controller.quorum.voters exists`];
  const setInit = findContainer(set, 'kafka-init');
  const roles = setInit ? envOf(setInit).get('KAFKA_PROCESS_ROLES') ?? '' : '';
  if (!roles.includes('controller')) problems.push(`${where}: its pods do not have the controller role (KAFKA_PROCESS_ROLES=${roles})`);
  const replicas = Number(get('KAFKA_CONTROLLER_REPLICAS'));
  if (replicas !== (set.obj.spec.replicas ?? 1)) problems.push(`${o.where} KAFKA_CONTROLLER_REPLICAS=${replicas} but StatefulSet ${setName} has ${set.obj.spec.replicas ?? 1} replicas: every node must list the whole quorum`);
  const service = get('KAFKA_CONTROLLER_SERVICE');
  if (set.obj.spec.serviceName !== service) problems.push(`${o.where} KAFKA_CONTROLLER_SERVICE=${service} is not StatefulSet ${setName}'s serviceName ${set.obj.spec.serviceName}`);
  const svc = objs.find((x) => x.kind === 'Service' && x.metadata.name === service && nsOf(x) === ns);
  if (!svc || svc.spec.clusterIP !== 'None' || !selects(svc.spec.selector, set.template.metadata?.labels)) {
    problems.push(`${o.where} KAFKA_CONTROLLER_SERVICE=${service} must be a headless Service selecting StatefulSet ${setName}'s pods`);
  }
  const port = Number(get('KAFKA_CONTROLLER_PORT'));
  const server = findContainer(set, 'kafka');
  if (!server || !portsOf(server).some((p) => p.containerPort === port)) problems.push(`${o.where} KAFKA_CONTROLLER_PORT=${port} is not a containerPort of StatefulSet ${setName}'s kafka container`);
  return problems;
}

/** kafka-storage formats the volume after kafka-init, on the file kafka-init wrote and the same cluster id. */
function formatProblems(o: PodOwner, init: Container, get: (env: string) => string | undefined, ref: Ref): string[] {
  const initContainers = (o.template.spec?.initContainers ?? []) as Container[];
  const storage = initContainers.find((c) => c.name === 'kafka-storage');
  const where = `${o.where} init container kafka-storage`;
  if (!storage) return [`${o.where} has no init container kafka-storage: a KRaft volume must be formatted before Kafka starts`];
  const problems: string[] = [];
  if (initContainers.indexOf(storage) < initContainers.indexOf(init)) problems.push(`${where} runs before kafka-init: it would format a volume kafka-init has not checked, with a file not yet written`);
  const argv = [...(storage.command ?? []), ...(storage.args ?? [])] as string[];
  const configOut = get('KAFKA_CONFIG_OUT');
  const flag = (...names: string[]) => argv[argv.findIndex((a) => names.includes(a)) + 1];
  if (!argv.includes('format') || !argv.includes('--ignore-formatted')) problems.push(`${where} must run format --ignore-formatted (formatted once, a no-op after)`);
  if (flag('--config', '-c') !== configOut) problems.push(`${where} does not format with kafka-init's KAFKA_CONFIG_OUT=${configOut}`);
  const id = flag('--cluster-id', '-t');
  const idRef = id === '$(KAFKA_CLUSTER_ID)' ? refOf(storage, 'KAFKA_CLUSTER_ID') : undefined;
  if (!idRef || idRef.name !== ref?.name || idRef.key !== ref?.key) problems.push(`${where} --cluster-id must be $(KAFKA_CLUSTER_ID) from the ConfigMap key kafka-init reads`);
  const server = findContainer(o, 'kafka');
  if (server && storage.image !== server.image) problems.push(`${where} image ${storage.image} is not the server's ${server.image}: format with the release that runs`);
  for (const [setting, path] of [['KAFKA_DATA_DIR', get('KAFKA_DATA_DIR')], ['KAFKA_CONFIG_OUT', configOut]] as const) {
    const a = path ? mountFor(init, path) : undefined;
    const b = path ? mountFor(storage, path) : undefined;
    if (!a || !b || a.name !== b.name) problems.push(`${where} does not see kafka-init's ${setting}=${path} on the same volume`);
  }
  return problems;
}
