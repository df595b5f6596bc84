/** Wiring: what the agents' settings name (DNS names, ports, paths, templates) exists and agrees with the Services and mounts. */
import { posix } from 'node:path';
import type { Schema } from '../../../agents/lib/config/index.ts';
import { parseProperties, type OwnedKey } from '../../../agents/lib/properties.ts';
import { containersOf, envOf, findContainer, podOwners, selects, type Container, type K8sObject, type PodOwner } from './kustomize.ts';
import { POD_NAME_LABEL, type CheckContext, nsOf, rawSetting, podOwnerWith, portsOf, volumeNames, mountFor, resolveTarget, hostPorts, serviceFor } from './shared.ts';

/** What the settings name (DNS names, ports, paths) exists and agrees with the Services and mounts. */
export function checkWiring(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  const need = (agent: string): Schema | undefined => {
    const s = ctx.schemas[agent];
    if (!s) problems.push(`no settings schema for agent ${agent} (test/support/agent-schemas.ts): its wiring cannot be checked`);
    return s;
  };
  const headless = (o: PodOwner, setting: string, name: string | undefined): void => {
    const where = `${o.where} ${setting}=${name}`;
    if (o.obj.spec.serviceName !== name) problems.push(`${where} is not the StatefulSet's serviceName ${o.obj.spec.serviceName}`);
    const svc = objs.find((x) => x.kind === 'Service' && x.metadata.name === name && nsOf(x) === nsOf(o.obj));
    if (!svc) return void problems.push(`${where}: no such Service`);
    if (svc.spec.clusterIP !== 'None') problems.push(`${where}: Service ${name} is not headless (clusterIP: None), so pods get no DNS names`);
    if (svc.spec.publishNotReadyAddresses !== true) problems.push(`${where}: Service ${name} must publishNotReadyAddresses, or peers cannot find each other before they are Ready`);
    if (!selects(svc.spec.selector, o.template.metadata?.labels)) problems.push(`${where}: Service ${name} does not select ${o.where}'s pods`);
  };
  const declaresPort = (o: PodOwner, c: Container | undefined, setting: string, port: number): void => {
    if (!c || !portsOf(c).some((p) => p.containerPort === port)) {
      problems.push(`${o.where} ${setting}=${port} is not a containerPort of container ${c?.name ?? '?'}`);
    }
  };
  const servicesReach = (o: PodOwner, port: number, what: string): K8sObject[] => {
    const svcs = objs.filter(
      (x) => x.kind === 'Service' && nsOf(x) === nsOf(o.obj) && selects(x.spec?.selector, o.template.metadata?.labels) &&
        (x.spec.ports ?? []).some((p: { targetPort?: string | number; port: number }) => resolveTarget(o, p.targetPort ?? p.port) === port),
    );
    if (svcs.length === 0) problems.push(`${o.where}: no Service reaches ${what} port ${port}`);
    return svcs;
  };
  /**
   * A directory shared through one volume by these containers; the first `writers`
   * of them write there (the init agent makes and checks the directory), so their
   * mount may not be read-only.
   */
  const sharedDir = (o: PodOwner, path: string | undefined, setting: string, containers: Array<Container | undefined>, persistent = false, writers = 1): void => {
    if (!path) return;
    const mounts = containers.map((c) => (c ? mountFor(c, path) : undefined));
    mounts.forEach((m, i) => {
      if (!m) problems.push(`${o.where} ${setting}=${path} is on no volume mounted in container ${containers[i]?.name ?? '?'}`);
      else if (i < writers && m.readOnly) problems.push(`${o.where} ${setting}=${path} is mounted read-only in container ${containers[i]?.name}, which writes there`);
    });
    const names = new Set(mounts.filter((m) => m).map((m) => m!.name));
    if (names.size > 1) problems.push(`${o.where} ${setting}=${path} is on different volumes in different containers (${[...names].join(', ')})`);
    const { claims } = volumeNames(o);
    if (persistent && mounts[0] && !claims.has(mounts[0].name)) problems.push(`${o.where} ${setting}=${path} must be on a persistent volume (a volumeClaimTemplate)`);
  };
  const templateFile = (o: PodOwner, c: Container, setting: string, path: string | undefined, owned: readonly OwnedKey[] | undefined, agent: string): string | undefined => {
    if (!path) return undefined;
    const m = mountFor(c, path);
    const vol = m ? volumeNames(o).volumes.get(m.name) : undefined;
    const cmName = (vol as { configMap?: { name: string } } | undefined)?.configMap?.name;
    const cm = cmName ? objs.find((x) => x.kind === 'ConfigMap' && x.metadata.name === cmName && nsOf(x) === nsOf(o.obj)) : undefined;
    const key = m ? posix.relative(m.mountPath, path) : '';
    const text = cm?.data?.[key] as string | undefined;
    if (text === undefined) return void problems.push(`${o.where} ${setting}=${path} is not a key of a ConfigMap mounted in ${c.name}`);
    if (!/-[a-z0-9]{10}$/.test(cmName!)) problems.push(`${o.where} ConfigMap ${cmName} has no content hash in its name: a changed config would not roll the pods (use configMapGenerator)`);
    if (!owned) problems.push(`no list of the keys ${agent} derives: cannot check its template`);
    for (const e of parseProperties(text)) {
      if (owned?.some((k) => (typeof k === 'string' ? k === e.key : k.test(e.key)))) {
        problems.push(`${o.where} ${cmName}/${key} line ${e.line} sets ${e.key}, which ${agent} derives (it would refuse to start)`);
      }
      const known = ctx.knownKeys[agent];
      if (known && !known.has(e.key)) problems.push(`${o.where} ${cmName}/${key} line ${e.line}: ${e.key} is not a key the server knows (misspelled?)`);
    }
    return text;
  };

  /** A pod owner's init agent, server and sidecar containers, and the init agent's settings as written. */
  const podParts = (o: PodOwner, agent: string, serverName: string) => {
    const schema = need(agent);
    const init = findContainer(o, agent)!;
    return { schema, init, server: findContainer(o, serverName), sidecar: findContainer(o, 'sidecar'), get: (env: string) => rawSetting(init, schema, env) };
  };

  for (const o of podOwnerWith(objs, 'zookeeper-init')) {
    const { init, server, sidecar, get } = podParts(o, 'zookeeper-init', 'zookeeper');
    if (o.obj.kind !== 'StatefulSet') problems.push(`${o.where} runs zookeeper-init outside a StatefulSet: members need stable names`);
    if (Number(get('ZK_REPLICAS')) !== (o.obj.spec.replicas ?? 1)) {
      problems.push(`${o.where} ZK_REPLICAS=${get('ZK_REPLICAS')} but replicas is ${o.obj.spec.replicas}: every member must list the whole ensemble`);
    }
    headless(o, 'ZK_HEADLESS_SERVICE', get('ZK_HEADLESS_SERVICE'));
    const client = Number(get('ZK_CLIENT_PORT'));
    for (const env of ['ZK_CLIENT_PORT', 'ZK_QUORUM_PORT', 'ZK_ELECTION_PORT']) declaresPort(o, server, env, Number(get(env)));
    const svcs = servicesReach(o, client, 'the ZooKeeper client');
    if (!svcs.some((s) => s.spec.clusterIP !== 'None')) problems.push(`${o.where}: no client Service (with a cluster IP) reaches port ${client}`);
    sharedDir(o, get('ZK_CONF_DIR'), 'ZK_CONF_DIR', [init, server]);
    sharedDir(o, get('ZK_DATA_DIR'), 'ZK_DATA_DIR', [init, server], true, 2);
    sharedDir(o, get('ZK_DATA_LOG_DIR'), 'ZK_DATA_LOG_DIR', [init, server], true, 2);
    if (server && envOf(server).get('ZOOCFGDIR') !== get('ZK_CONF_DIR')) {
      problems.push(`${o.where} zookeeper's ZOOCFGDIR=${envOf(server).get('ZOOCFGDIR')} is not ZK_CONF_DIR=${get('ZK_CONF_DIR')}`);
    }
    templateFile(o, init, 'ZK_CONFIG_TEMPLATE', get('ZK_CONFIG_TEMPLATE'), ctx.ownedKeys['zookeeper-init'], 'zookeeper-init');
    if (sidecar) {
      const sschema = need('sidecar');
      if (rawSetting(sidecar, sschema, 'SIDECAR_MODE') !== 'zookeeper') problems.push(`${o.where} sidecar must run in SIDECAR_MODE=zookeeper`);
      const target = rawSetting(sidecar, sschema, 'SIDECAR_TARGET') ?? '127.0.0.1:2181';
      if (Number(target.slice(target.lastIndexOf(':') + 1)) !== client) problems.push(`${o.where} SIDECAR_TARGET=${target} is not the client port ${client}`);
    }
  }

  for (const o of podOwnerWith(objs, 'kafka-init')) {
    const { schema, init, server, sidecar, get } = podParts(o, 'kafka-init', 'kafka');
    const ns = nsOf(o.obj);
    const replicas = o.obj.spec.replicas ?? 1;
    if (o.obj.kind !== 'StatefulSet') problems.push(`${o.where} runs kafka-init outside a StatefulSet: brokers need stable names`);
    // KRaft: controllers have no INTERNAL listener, and nobody reads ZooKeeper or identity.json (lint/kraft.ts checks the rest).
    const kraft = get('KAFKA_METADATA_MODE') === 'kraft';
    const broker = !kraft || get('KAFKA_PROCESS_ROLES') !== 'controller';
    if (broker) headless(o, 'KAFKA_HEADLESS_SERVICE', get('KAFKA_HEADLESS_SERVICE'));
    else headless(o, 'KAFKA_CONTROLLER_SERVICE', get('KAFKA_CONTROLLER_SERVICE'));
    const internal = Number(get('KAFKA_INTERNAL_PORT'));
    if (broker) {
      declaresPort(o, server, 'KAFKA_INTERNAL_PORT', internal);
      const svcs = servicesReach(o, internal, 'the INTERNAL listener');
      if (!svcs.some((s) => s.spec.clusterIP !== 'None')) problems.push(`${o.where}: no bootstrap Service (with a cluster IP) reaches port ${internal}`);
    }
    const zkConnect = get('KAFKA_ZOOKEEPER_CONNECT') ?? '';
    const zooOwners = podOwnerWith(objs, 'zookeeper-init');
    for (const { host, port } of kraft ? [] : hostPorts(zkConnect)) {
      const { svc, problem } = serviceFor(objs, ns, host);
      if (problem) problems.push(`${o.where} KAFKA_ZOOKEEPER_CONNECT: ${problem}`);
      if (!svc) continue;
      const p = (svc.spec.ports ?? []).find((x: { port: number }) => x.port === port);
      if (!p) problems.push(`${o.where} KAFKA_ZOOKEEPER_CONNECT: Service ${svc.metadata.name} has no port ${port}`);
      if (!zooOwners.some((z) => selects(svc.spec.selector, z.template.metadata?.labels))) {
        problems.push(`${o.where} KAFKA_ZOOKEEPER_CONNECT: Service ${svc.metadata.name} does not select the ZooKeeper pods`);
      }
    }
    const configOut = get('KAFKA_CONFIG_OUT');
    sharedDir(o, configOut, 'KAFKA_CONFIG_OUT', [init, server]);
    if (server && configOut && !(server.command ?? []).concat(server.args ?? []).includes(configOut)) {
      problems.push(`${o.where} kafka does not start on KAFKA_CONFIG_OUT=${configOut}`);
    }
    sharedDir(o, get('KAFKA_DATA_DIR'), 'KAFKA_DATA_DIR', [init, server], true, 2);
    const identity = kraft ? undefined : get('KAFKA_IDENTITY_OUT');
    sharedDir(o, identity, 'KAFKA_IDENTITY_OUT', [init, sidecar]);
    // The KRaft sidecar reads the node's server.properties.
    if (kraft) sharedDir(o, configOut, 'KAFKA_CONFIG_OUT', [init, sidecar]);
    const template = templateFile(o, init, 'KAFKA_CONFIG_TEMPLATE', get('KAFKA_CONFIG_TEMPLATE'), ctx.ownedKeys['kafka-init'], 'kafka-init');
    if (template !== undefined) problems.push(...replicationProblems(o, template, replicas));
    const mode = get('KAFKA_EXTERNAL_MODE') ?? 'none';
    if (mode !== 'none') {
      const containerPort = Number(get('KAFKA_EXTERNAL_CONTAINER_PORT'));
      declaresPort(o, server, 'KAFKA_EXTERNAL_CONTAINER_PORT', containerPort);
      if (mode === 'hostport') {
        const hp = Number(get('KAFKA_EXTERNAL_HOSTPORT'));
        if (!server || !portsOf(server).some((p) => p.containerPort === containerPort && p.hostPort === hp)) {
          problems.push(`${o.where} hostport mode: container port ${containerPort} needs hostPort ${hp}`);
        }
      } else {
        const tmpl = get('KAFKA_EXTERNAL_SERVICE_TEMPLATE') ?? '';
        for (let n = 0; n < replicas; n++) {
          const name = tmpl.replace('{ordinal}', String(n));
          const svc = objs.find((x) => x.kind === 'Service' && x.metadata.name === name && nsOf(x) === ns);
          const where = `${o.where} KAFKA_EXTERNAL_MODE=${mode}: Service ${name}`;
          if (!svc) {
            problems.push(`${where} (from KAFKA_EXTERNAL_SERVICE_TEMPLATE) is missing for broker ${n}`);
            continue;
          }
          const wantType = mode === 'nodeport' ? 'NodePort' : 'LoadBalancer';
          if (svc.spec.type !== wantType) problems.push(`${where} is of type ${svc.spec.type ?? 'ClusterIP'}, not ${wantType}`);
          if (svc.spec.selector?.[POD_NAME_LABEL] !== `${o.obj.metadata.name}-${n}`) {
            problems.push(`${where} must select only pod ${o.obj.metadata.name}-${n} (${POD_NAME_LABEL})`);
          }
          if (svc.spec.externalTrafficPolicy !== 'Local') problems.push(`${where} needs externalTrafficPolicy: Local`);
          const ports = (svc.spec.ports ?? []) as Array<{ port: number; targetPort?: string | number }>;
          if (ports.length !== 1 || resolveTarget(o, ports[0]!.targetPort ?? ports[0]!.port) !== containerPort) {
            problems.push(`${where} must have one port targeting the EXTERNAL container port ${containerPort}`);
          }
        }
      }
    }
    if (sidecar) {
      const sschema = need('sidecar');
      if (rawSetting(sidecar, sschema, 'SIDECAR_MODE') !== 'kafka') problems.push(`${o.where} sidecar must run in SIDECAR_MODE=kafka`);
      const target = rawSetting(sidecar, sschema, 'SIDECAR_TARGET') ?? '127.0.0.1:9092';
      if (broker && Number(target.slice(target.lastIndexOf(':') + 1)) !== internal) problems.push(`${o.where} SIDECAR_TARGET=${target} is not the INTERNAL port ${internal}`);
      const idFile = rawSetting(sidecar, sschema, 'SIDECAR_IDENTITY_FILE');
      if (!kraft && idFile !== identity) problems.push(`${o.where} SIDECAR_IDENTITY_FILE=${idFile} is not kafka-init's KAFKA_IDENTITY_OUT=${identity}`);
    }
  }

  // Clients in the namespace: CMAK's ZooKeeper, the test pods' bootstrap servers, URLs in commands.
  for (const o of podOwners(objs)) {
    for (const c of containersOf(o)) {
      const refs: string[] = [];
      const zkHosts = envOf(c).get('ZK_HOSTS');
      if (zkHosts) refs.push(zkHosts);
      const words = [...(c.command ?? []), ...(c.args ?? [])].flatMap((w: string) => w.split(/\s+/));
      words.forEach((w, i) => {
        if (w === '--bootstrap-server' && words[i + 1]) refs.push(words[i + 1]!);
        const zk = /^zkHosts=(.+)$/.exec(w);
        if (zk) refs.push(zk[1]!);
        const url = /^https?:\/\/([^/:]+)(?::(\d+))?/.exec(w);
        if (url) refs.push(`${url[1]}:${url[2] ?? (w.startsWith('https') ? 443 : 80)}`);
      });
      for (const ref of refs) {
        for (const { host, port } of hostPorts(ref)) {
          const { svc, problem } = serviceFor(objs, nsOf(o.obj), host);
          if (problem) problems.push(`${o.where} container ${c.name}: ${problem}`);
          else if (!(svc!.spec.ports ?? []).some((p: { port: number }) => p.port === port)) {
            problems.push(`${o.where} container ${c.name}: Service ${svc!.metadata.name} has no port ${port}`);
          }
        }
      }
    }
  }
  return problems;
}

/** Replication settings a cluster of `replicas` brokers can honour, with one broker down. */
export function replicationProblems(o: PodOwner, template: string, replicas: number): string[] {
  const problems: string[] = [];
  const props = new Map(parseProperties(template).map((e) => [e.key, e.value]));
  const num = (k: string): number | undefined => (props.has(k) ? Number(props.get(k)) : undefined);
  const want = Math.min(3, replicas);
  const pairs: Array<[string, string | undefined]> = [
    ['default.replication.factor', 'min.insync.replicas'],
    ['offsets.topic.replication.factor', undefined],
    ['transaction.state.log.replication.factor', 'transaction.state.log.min.isr'],
  ];
  for (const [rfKey, isrKey] of pairs) {
    const rf = num(rfKey);
    if (rf === undefined) {
      problems.push(`${o.where} server.properties must set ${rfKey} (for ${replicas} broker(s): ${want})`);
      continue;
    }
    if (rf > replicas) problems.push(`${o.where} ${rfKey}=${rf} exceeds the ${replicas} broker(s): creating such topics fails`);
    if (rf < want) problems.push(`${o.where} ${rfKey}=${rf} keeps fewer copies than ${replicas} broker(s) allow (${want})`);
    if (!isrKey) continue;
    const isr = num(isrKey);
    if (isr === undefined) {
      problems.push(`${o.where} server.properties must set ${isrKey}`);
      continue;
    }
    if (isr > rf) problems.push(`${o.where} ${isrKey}=${isr} exceeds ${rfKey}=${rf}: acks=all writes would always fail`);
    if (rf > 1 && isr >= rf) problems.push(`${o.where} ${isrKey}=${isr} leaves no room for one broker down (${rfKey}=${rf})`);
    if (rf >= 3 && isr < 2) problems.push(`${o.where} ${isrKey}=${isr}: an acknowledged write could live on one broker only`);
  }
  return problems;
}
