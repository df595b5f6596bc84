/** Kubernetes quantities of bytes ("128Mi", "1G", "500k", "5Gi", "500000"), for the manifest checks and the pod runner. */
const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** The quantity in bytes; NaN when it is not a quantity Kubernetes would accept for bytes. */
export function quantityBytes(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|)$/.exec(q.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : NaN;
}
