/** What the chaos rounds read from a Pod object: which incarnation it is, and whether it is Ready. */

export interface PodState {
  readonly name: string;
  /** metadata.uid: a StatefulSet's replacement pod has the same name and a new uid. */
  readonly uid: string;
  readonly ready: boolean;
  /** Why not Ready, in a few words (for the log and the failure message). */
  readonly reason: string;
}

interface PodJson {
  metadata?: { name?: string; uid?: string; deletionTimestamp?: string };
  status?: { phase?: string; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> };
}

export function podState(name: string, obj: unknown): PodState {
  const pod = (obj ?? {}) as PodJson;
  const uid = pod.metadata?.uid ?? '';
  if (pod.metadata?.deletionTimestamp) return { name, uid, ready: false, reason: 'terminating' };
  const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (cond?.status === 'True') return { name, uid, ready: true, reason: 'Ready' };
  const why = cond?.message ?? cond?.reason ?? `phase ${pod.status?.phase ?? 'unknown'}`;
  return { name, uid, ready: false, reason: `not Ready (${why})` };
}

/** The pod that is missing (404) while its controller has yet to create it again. */
export function missingPod(name: string): PodState {
  return { name, uid: '', ready: false, reason: 'does not exist (yet)' };
}

/** A round is over when the deleted pod came back as a new pod and every pod is Ready. */
export function recovered(victim: string, victimUidBefore: string, states: readonly PodState[]): boolean {
  const v = states.find((s) => s.name === victim);
  return v !== undefined && v.uid !== '' && v.uid !== victimUidBefore && states.every((s) => s.ready);
}

/** "kafka-1 not Ready (containers with unready status: [kafka]), zoo-2 does not exist (yet)" */
export function describeUnready(states: readonly PodState[]): string {
  return states.filter((s) => !s.ready).map((s) => `${s.name} ${s.reason}`).join(', ');
}

/** Which pod each round deletes: the list in order, again from the start when the rounds outnumber it. */
export function victims(pods: readonly string[], rounds: number): string[] {
  return Array.from({ length: rounds }, (_, i) => pods[i % pods.length]!);
}
