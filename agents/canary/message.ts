/**
 * A canary message's value: "canary/1 <run> <partition> <seq> <created ms>". The run id tells this
 * process's messages from those of an earlier run or of another canary on the same topic, which are
 * ignored; the partition is checked against where the message was read.
 */
export interface CanaryMessage {
  readonly run: string;
  readonly partition: number;
  readonly seq: number;
  readonly createdAt: number;
}

const MAGIC = 'canary/1';

export function encodeMessage(m: CanaryMessage): string {
  return `${MAGIC} ${m.run} ${m.partition} ${m.seq} ${m.createdAt}`;
}

/** The message, or undefined for anything that is not a canary message. */
export function decodeMessage(value: Buffer | string | null): CanaryMessage | undefined {
  if (value === null) return undefined;
  const parts = value.toString().split(' ');
  if (parts.length !== 5 || parts[0] !== MAGIC) return undefined;
  const [partition, seq, createdAt] = parts.slice(2).map(Number) as [number, number, number];
  if (![partition, seq, createdAt].every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
  return { run: parts[1]!, partition, seq, createdAt };
}
