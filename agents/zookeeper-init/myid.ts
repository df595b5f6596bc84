/**
 * The myid file on the data volume. An existing file with another id means the
 * volume belongs to another member (or ZK_ID_OFFSET changed): refuse, touch nothing.
 */
import { AgentError } from '../lib/exit-codes.ts';

export type MyidPlan = { action: 'keep' } | { action: 'write' };

/** Decides what to do with the myid file, given its current content (undefined: absent). */
export function planMyid(existing: string | undefined, want: number, ctx: { file: string; podName: string; idOffset: number }): MyidPlan {
  if (existing === undefined) return { action: 'write' };
  const trimmed = existing.trim();
  if (trimmed === String(want)) return { action: 'keep' };
  const found = /^\d+$/.test(trimmed) ? `id ${trimmed}` : `unreadable content ${JSON.stringify(trimmed.slice(0, 40))}`;
  throw new AgentError(
    'E_MYID_MISMATCH',
    `${ctx.file} holds ${found} but pod ${ctx.podName} is id ${want} (ordinal + ZK_ID_OFFSET ${ctx.idOffset}): ` +
      `the volume belongs to another member or ZK_ID_OFFSET changed. Restore the previous ZK_ID_OFFSET, or bind this pod's own volume; ` +
      `remove ${ctx.file} by hand only if that volume's data may be discarded. Nothing was changed.`,
  );
}
