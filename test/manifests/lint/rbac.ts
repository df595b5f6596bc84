/** RBAC: each pod's ServiceAccount is granted exactly what its agents' settings need. */
import { commonSettings, resolveConfig, type Schema } from '../../../agents/lib/config/index.ts';
import { planBroker, type PlanSettings } from '../../../agents/kafka-init/plan.ts';
import { externalServiceName } from '../../../agents/kafka-init/external/plan.ts';
import { findContainer, podOwners, type Container, type K8sObject } from './kustomize.ts';
import { type CheckContext, nsOf } from './shared.ts';

interface Grant {
  scope: 'cluster' | 'namespace';
  resource: string;
  verb: string;
}

const grantKey = (g: Grant): string => `${g.verb} ${g.resource} (${g.scope === 'cluster' ? 'cluster-wide' : 'in the namespace'})`;

/** Downward-API values a pod would see, for resolving an agent's settings offline. */
function downwardValue(fieldPath: string, podName: string, namespace: string): string {
  const values: Record<string, string> = {
    'metadata.name': podName,
    'metadata.namespace': namespace,
    'spec.nodeName': 'node-a',
    'status.hostIP': '192.0.2.10',
    'status.podIP': '192.0.2.20',
  };
  return values[fieldPath] ?? '';
}

/** The environment a container's agent sees: literal values, and downward-API fields as a pod would have them. */
export function containerEnv(c: Container, podName: string, namespace: string): Record<string, string> {
  const env: Record<string, string> = { HOSTNAME: podName };
  for (const e of (c.env ?? []) as Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>) {
    env[e.name] = e.valueFrom?.fieldRef ? downwardValue(e.valueFrom.fieldRef.fieldPath, podName, namespace) : (e.value ?? '');
  }
  return env;
}

/**
 * What kafka-init asks the API for, from its own plan of the pod's settings
 * (planBroker): the node when it reads a rack label or a node address, its
 * outside-N Service when it discovers a nodePort or a load balancer.
 */
export function kafkaInitNeeds(init: Container, schema: Schema, podName = 'kafka-0', namespace = 'kafka'): Grant[] {
  const env = containerEnv(init, podName, namespace);
  const { config } = resolveConfig({ ...schema, ...commonSettings }, { help: false, values: new Map() }, env);
  const plan = planBroker(config as unknown as PlanSettings);
  const needs: Grant[] = [];
  if (plan.rackFrom || plan.external?.host.from === 'node') needs.push({ scope: 'cluster', resource: 'nodes', verb: 'get' });
  if (plan.external && externalServiceName(plan.external) !== undefined) needs.push({ scope: 'namespace', resource: 'services', verb: 'get' });
  return needs;
}

/**
 * What the canary asks the API for: in chaos mode, get and delete of the pods it deletes a round, by
 * name (CANARY_CHAOS_PODS); the rule must name exactly those pods (resourceNames).
 */
export function canaryNeeds(canary: Container, schema: Schema, podName: string, namespace: string): { needs: Grant[]; podNames?: string[] } {
  const env = containerEnv(canary, podName, namespace);
  const { config } = resolveConfig({ ...schema, ...commonSettings }, { help: false, values: new Map() }, env);
  const c = config as unknown as { mode: string; chaosPods: string[] };
  if (c.mode !== 'chaos') return { needs: [] };
  return { needs: ['get', 'delete'].map((verb) => ({ scope: 'namespace', resource: 'pods', verb })), podNames: c.chaosPods };
}

/** RBAC grants each pod's ServiceAccount exactly what its agents' modes need; pods that need none get no token. */
export function checkRbac(objs: readonly K8sObject[], ctx: CheckContext): string[] {
  const problems: string[] = [];
  const bindings = objs.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
  const usedAccounts = new Set<string>();
  for (const b of bindings) {
    for (const s of b.subjects ?? []) {
      if (s.kind === 'ServiceAccount' && !s.namespace) problems.push(`${b.kind}/${b.metadata.name} subject ${s.name} has no namespace`);
    }
    const ref = b.roleRef ?? {};
    const role = objs.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && (ref.kind === 'ClusterRole' || nsOf(o) === nsOf(b)));
    if (!role) problems.push(`${b.kind}/${b.metadata.name} refers to ${ref.kind} ${ref.name}, which is not rendered`);
  }
  for (const o of podOwners(objs)) {
    const ns = nsOf(o.obj);
    const sa = o.template.spec?.serviceAccountName ?? 'default';
    const init = findContainer(o, 'kafka-init');
    let needs: Grant[] = [];
    if (init) {
      const schema = ctx.schemas['kafka-init'];
      if (!schema) {
        problems.push(`${o.where}: no settings schema for kafka-init (test/support/agent-schemas.ts): cannot tell which RBAC its modes need`);
        continue;
      }
      try {
        needs = kafkaInitNeeds(init, schema, `${o.obj.metadata.name}-0`, ns);
      } catch (e) {
        problems.push(`${o.where}: kafka-init would refuse its settings: ${(e as Error).message}`);
        continue;
      }
    }
    const canary = findContainer(o, 'canary');
    let podNames: string[] | undefined;
    if (canary && ctx.schemas.canary) {
      try {
        const c = canaryNeeds(canary, ctx.schemas.canary, `${o.obj.metadata.name}-x`, ns);
        needs = [...needs, ...c.needs];
        podNames = c.podNames;
      } catch (e) {
        problems.push(`${o.where}: the canary would refuse its settings: ${(e as Error).message}`);
        continue;
      }
    }
    const granted: Grant[] = [];
    for (const b of bindings) {
      if (!(b.subjects ?? []).some((s: { kind: string; name: string; namespace?: string }) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === ns)) continue;
      if (b.kind === 'RoleBinding' && nsOf(b) !== ns) continue;
      usedAccounts.add(`${ns}/${sa}`);
      const role = objs.find((r) => r.kind === b.roleRef?.kind && r.metadata.name === b.roleRef?.name && (r.kind === 'ClusterRole' || nsOf(r) === nsOf(b)));
      const scope = b.kind === 'ClusterRoleBinding' ? 'cluster' : 'namespace';
      for (const rule of role?.rules ?? []) {
        const where = `${role!.kind}/${role!.metadata.name}`;
        for (const g of rule.apiGroups ?? []) if (g !== '') problems.push(`${where} grants in API group "${g}", which no agent uses`);
        if (podNames && (rule.resources ?? []).includes('pods')) {
          const names = [...(rule.resourceNames ?? [])].sort().join(',');
          if (names !== [...podNames].sort().join(',')) {
            problems.push(`${where} grants on pods ${names === '' ? 'without resourceNames (every pod in the namespace)' : `named ${names}`}, but the canary's CANARY_CHAOS_PODS are ${podNames.join(',')}: list exactly those`);
          }
        }
        for (const resource of rule.resources ?? []) {
          for (const verb of rule.verbs ?? []) {
            if (resource === '*' || verb === '*') problems.push(`${where} grants a wildcard (${verb} ${resource})`);
            granted.push({ scope, resource, verb });
          }
        }
      }
    }
    const have = new Set(granted.map(grantKey));
    const want = new Set(needs.map(grantKey));
    for (const w of want) if (!have.has(w)) problems.push(`${o.where} (ServiceAccount ${sa}) needs ${w} for its agents' settings, and no rule grants it`);
    for (const h of have) if (!want.has(h)) problems.push(`${o.where} (ServiceAccount ${sa}) is granted ${h}, which none of its agents' modes needs`);
    const automount = o.template.spec?.automountServiceAccountToken;
    if (needs.length === 0 && automount !== false) problems.push(`${o.where} calls no API: set automountServiceAccountToken: false`);
    if (needs.length > 0 && automount === false) problems.push(`${o.where} ${canary && podNames ? 'the canary (chaos mode)' : 'kafka-init'} calls the API but the pod gets no token`);
    if (needs.length > 0 && sa === 'default') problems.push(`${o.where} uses the default ServiceAccount: give it its own`);
  }
  for (const b of bindings) {
    for (const s of b.subjects ?? []) {
      if (s.kind === 'ServiceAccount' && !usedAccounts.has(`${s.namespace}/${s.name}`)) {
        problems.push(`${b.kind}/${b.metadata.name} grants to ServiceAccount ${s.namespace}/${s.name}, which no pod needing it uses`);
      }
    }
  }
  return problems;
}
