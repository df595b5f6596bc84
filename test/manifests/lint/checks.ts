/**
 * Cross-reference checks over rendered manifests: what a real API server accepts
 * but a real cluster or rollout would break on. Each check is a pure function of
 * the rendered objects and returns the problems it found, one line each, so a
 * test can mutate an object and see the check fail.
 */
import type { K8sObject } from './kustomize.ts';
import { checkMemory } from './memory.ts';
import { checkAgentEnv, checkImages, checkPdbs, checkSecurity, checkVolumes, checkWorkloads } from './pods.ts';
import { checkRbac } from './rbac.ts';
import { checkPorts, checkProbes, checkServices } from './services.ts';
import type { CheckContext } from './shared.ts';
import { checkStorage } from './storage.ts';
import { checkWiring } from './wiring.ts';
import { checkKraftWiring } from './kraft.ts';

export { agentOf, rawSetting, AGENT_IMAGE_PREFIX, SIDECAR_SERVERS, type CheckContext } from './shared.ts';
export { containerEnv, kafkaInitNeeds } from './rbac.ts';
export { replicationProblems } from './wiring.ts';

/** Every check, by name, for the tests to run one by one. */
export const CHECKS = {
  services: (objs: readonly K8sObject[]) => checkServices(objs),
  probes: (objs: readonly K8sObject[], ctx: CheckContext) => checkProbes(objs, ctx),
  volumes: (objs: readonly K8sObject[]) => checkVolumes(objs),
  ports: (objs: readonly K8sObject[]) => checkPorts(objs),
  storage: (objs: readonly K8sObject[]) => checkStorage(objs),
  memory: (objs: readonly K8sObject[]) => checkMemory(objs),
  agentEnv: (objs: readonly K8sObject[], ctx: CheckContext) => checkAgentEnv(objs, ctx),
  wiring: (objs: readonly K8sObject[], ctx: CheckContext) => checkWiring(objs, ctx),
  kraft: (objs: readonly K8sObject[], ctx: CheckContext) => checkKraftWiring(objs, ctx),
  pdbs: (objs: readonly K8sObject[]) => checkPdbs(objs),
  rbac: (objs: readonly K8sObject[], ctx: CheckContext) => checkRbac(objs, ctx),
  security: (objs: readonly K8sObject[], ctx: CheckContext) => checkSecurity(objs, ctx),
  images: (objs: readonly K8sObject[], ctx: CheckContext) => checkImages(objs, ctx),
  workloads: (objs: readonly K8sObject[]) => checkWorkloads(objs),
} as const;

export type CheckName = keyof typeof CHECKS;
