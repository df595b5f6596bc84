/** ApiVersions (key 18) v0: which request versions a broker supports. Pure encode/decode. */
import { Writer, type Reader } from './codec.ts';

export const API_VERSIONS = 18;

export type ApiRanges = ReadonlyMap<number, { readonly min: number; readonly max: number }>;

export function encodeApiVersions(): Buffer {
  return new Writer().bytes();
}

export function decodeApiVersions(r: Reader): { errorCode: number; apis: ApiRanges } {
  const errorCode = r.int16();
  const apis = new Map<number, { min: number; max: number }>();
  for (const a of r.array((x) => ({ key: x.int16(), min: x.int16(), max: x.int16() }))) apis.set(a.key, { min: a.min, max: a.max });
  return { errorCode, apis };
}

/** The highest version both sides speak, or undefined. */
export function pickVersion(apis: ApiRanges, key: number, ours: { min: number; max: number }): number | undefined {
  const theirs = apis.get(key);
  if (!theirs) return undefined;
  const v = Math.min(theirs.max, ours.max);
  return v >= Math.max(theirs.min, ours.min) ? v : undefined;
}
