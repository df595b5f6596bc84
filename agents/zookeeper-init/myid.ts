/**
 * The myid file on the data volume, read as ZooKeeper reads it (QuorumPeerConfig.setupMyId): the
 * first line, \n, \r or \r\n ending it, parsed by Long.parseLong (no spaces; a sign is allowed).
 * An existing file with another id means the volume belongs to another member (or ZK_ID_OFFSET
 * changed); one ZooKeeper cannot read would stop it at start. Both are refused, touching nothing. Pure.
 */
import { AgentError } from '../lib/exit-codes.ts';

export type MyidPlan = { action: 'keep' } | { action: 'write' };

const MAX_LONG = 2n ** 63n - 1n;

/** The id ZooKeeper reads from the file's text, or undefined when it would refuse it ("serverid ... is not a number"). */
export function zookeeperMyid(text: string): bigint | undefined {
  const first = text.split(/\r\n|\r|\n/)[0]!;
  if (!/^[+-]?[0-9]+$/.test(first)) return undefined;
  const n = BigInt(first);
  return n > MAX_LONG || n < -MAX_LONG - 1n ? undefined : n;
}

/** Decides what to do with the myid file, given its current content (undefined: absent). */
export function planMyid(existing: string | undefined, want: number, ctx: { file: string; podName: string; idOffset: number }): MyidPlan {
  if (existing === undefined) return { action: 'write' };
  const id = zookeeperMyid(existing);
  if (id === BigInt(want)) return { action: 'keep' };
  if (id === undefined) {
    const first = existing.split(/\r\n|\r|\n/)[0]!;
    throw new AgentError(
      'E_MYID_UNREADABLE',
      `${ctx.file} holds unreadable content ${JSON.stringify(existing.slice(0, 40))}: ZooKeeper reads its first line (${JSON.stringify(first.slice(0, 40))}) as a number and would refuse to start. ` +
        `If this is pod ${ctx.podName}'s own volume, write ${want} alone on the first line (echo ${want} > ${ctx.file}); otherwise bind this pod's own volume. Nothing was changed.`,
    );
  }
  throw new AgentError(
    'E_MYID_MISMATCH',
    `${ctx.file} holds id ${id} but pod ${ctx.podName} is id ${want} (ordinal + ZK_ID_OFFSET ${ctx.idOffset}): ` +
      `the volume belongs to another member or ZK_ID_OFFSET changed. Restore the previous ZK_ID_OFFSET, or bind this pod's own volume; ` +
      `remove ${ctx.file} by hand only if that volume's data may be discarded. Nothing was changed.`,
  );
}
