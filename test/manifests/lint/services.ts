/** Services, probes and ports: what a Service or a kubelet resolves against the pod's containers. */
import { podOwners, type Container, type K8sObject } from './kustomize.ts';
import { SIDECAR_SERVERS, type CheckContext, nsOf, agentOf, rawSetting, portsOf, selectedOwners, resolveTarget } from './shared.ts';

/** Service selectors match pod labels, and every targetPort is a declared container port. */
export function checkServices(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const svc of objs.filter((o) => o.kind === 'Service')) {
    const where = `Service/${svc.metadata.name}`;
    if (svc.spec?.type === 'ExternalName') continue;
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) {
      problems.push(`${where} has no selector: it would need hand-made Endpoints`);
      continue;
    }
    const owners = selectedOwners(objs, svc);
    if (owners.length === 0) {
      problems.push(`${where} selector ${JSON.stringify(svc.spec.selector)} matches no pod template in namespace ${nsOf(svc)}`);
      continue;
    }
    // A broker's Ready condition is the sidecar's /readyz, "safe to roll the next pod", which a ZooKeeper
    // blip or a broker catching up turns off while the broker serves: a client Service in front of the
    // brokers must not hide them then, or bootstrapping fails while every broker is up.
    const isClusterIp = (svc.spec.type ?? 'ClusterIP') === 'ClusterIP' && svc.spec.clusterIP !== 'None';
    const fronted = owners.filter((o) => (o.template.spec?.containers ?? []).some((c: Container) => c.name === 'kafka'));
    if (isClusterIp && fronted.length > 0 && svc.spec.publishNotReadyAddresses !== true) {
      problems.push(`${where} fronts the brokers of ${fronted[0]!.where} but does not publishNotReadyAddresses: a broker is not Ready while it is unsafe to roll (ZooKeeper lost, catching up), yet still serves; set publishNotReadyAddresses: true`);
    }
    for (const p of svc.spec.ports ?? []) {
      const target = p.targetPort ?? p.port;
      for (const o of owners) {
        if (resolveTarget(o, target) === undefined) {
          problems.push(`${where} port ${p.name ?? p.port} targets ${JSON.stringify(target)}, which no container of ${o.where} declares`);
        }
      }
    }
  }
  return problems;
}

/**
 * Probe ports as a kubelet resolves them: a named port must be a port of the same
 * container; a number must be a port some container of the pod declares (probing
 * another container's port works, since the pod shares one network namespace).
 * Servers are Ready through the sidecar's /readyz; the sidecar is alive on /healthz.
 */
export function checkProbes(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    const containers = (o.template.spec?.containers ?? []) as Container[];
    const declared = new Set(containers.flatMap((c) => portsOf(c).map((p) => p.containerPort)));
    for (const c of (o.template.spec?.initContainers ?? []) as Container[]) {
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        if (c[kind] && c.restartPolicy !== 'Always') problems.push(`${o.where} init container ${c.name} has a ${kind}: only sidecar init containers may`);
      }
    }
    for (const c of containers) {
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const probe = c[kind];
        if (!probe) continue;
        const action = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
        if (!action) continue;
        const port = action.port;
        const where = `${o.where} container ${c.name} ${kind}`;
        if (typeof port === 'string') {
          if (!portsOf(c).some((p) => p.name === port)) {
            problems.push(`${where} names port "${port}", which container ${c.name} does not declare (a named probe port must be the same container's)`);
          }
        } else if (!declared.has(port)) {
          problems.push(`${where} probes port ${port}, which no container of the pod declares`);
        }
      }
    }
    const sidecar = containers.find((c) => agentOf(c, ctx.agents) === 'sidecar');
    for (const server of containers.filter((c) => (SIDECAR_SERVERS as readonly string[]).includes(c.name))) {
      const where = `${o.where} container ${server.name}`;
      if (!sidecar) {
        problems.push(`${where} has no sidecar beside it to decide its readiness`);
        continue;
      }
      const sidecarPort = Number(rawSetting(sidecar, ctx.schemas.sidecar, 'SIDECAR_PORT'));
      const get = server.readinessProbe?.httpGet;
      if (!get || get.path !== '/readyz') {
        problems.push(`${where} readinessProbe must be httpGet /readyz on the sidecar`);
      } else {
        const resolved = typeof get.port === 'number' ? get.port : portsOf(server).find((p) => p.name === get.port)?.containerPort;
        if (resolved !== sidecarPort) problems.push(`${where} readinessProbe port ${get.port} is not the sidecar's SIDECAR_PORT ${sidecarPort}`);
      }
      if (!portsOf(sidecar).some((p) => p.containerPort === sidecarPort)) {
        problems.push(`${o.where} sidecar listens on SIDECAR_PORT ${sidecarPort} but does not declare that containerPort`);
      }
      const live = sidecar.livenessProbe?.httpGet;
      const livePort = typeof live?.port === 'number' ? live.port : portsOf(sidecar).find((p) => p.name === live?.port)?.containerPort;
      if (!live || live.path !== '/healthz' || livePort !== sidecarPort) {
        problems.push(`${o.where} sidecar livenessProbe must be httpGet /healthz on port ${sidecarPort}`);
      }
      const ann = o.template.metadata?.annotations ?? {};
      if (ann['prometheus.io/scrape'] !== 'true' || ann['prometheus.io/port'] !== String(sidecarPort)) {
        problems.push(`${o.where} pod annotations must ask Prometheus to scrape the sidecar (prometheus.io/scrape "true", prometheus.io/port "${sidecarPort}")`);
      }
    }
  }
  return problems;
}


/** Within a pod, every port is opened by one container only, and port names are unique (a Service or probe may name them). */
export function checkPorts(objs: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of podOwners(objs)) {
    const byPort = new Map<number, string>();
    const byName = new Map<string, string>();
    for (const c of (o.template.spec?.containers ?? []) as Container[]) {
      for (const p of portsOf(c)) {
        const other = byPort.get(p.containerPort);
        if (other) problems.push(`${o.where}: containers ${other} and ${c.name} both open port ${p.containerPort}`);
        byPort.set(p.containerPort, c.name);
        if (p.name) {
          const named = byName.get(p.name);
          if (named) problems.push(`${o.where}: port name "${p.name}" is used by ${named} and ${c.name}`);
          byName.set(p.name, c.name);
          if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(p.name) || !/[a-z]/.test(p.name)) {
            problems.push(`${o.where} container ${c.name}: port name "${p.name}" is not an IANA service name (at most 15 lowercase letters, digits, dashes)`);
          }
        }
      }
    }
  }
  return problems;
}
