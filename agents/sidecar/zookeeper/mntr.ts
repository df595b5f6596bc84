/** Parses the reply to `mntr`: one "key<TAB>value" per line. Pure. */

export type MntrReply = ReadonlyMap<string, string>;

export function parseMntr(text: string): MntrReply {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(zk_[A-Za-z0-9_.\-]+)\s+(.*?)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** A numeric mntr value, or undefined (versions, states and other words). */
export function mntrNumber(value: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
