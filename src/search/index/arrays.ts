/** Small helpers over the index's typed arrays and concept terms. */
export function normConcept(c: string): string {
  return c.trim().toLowerCase().replace(/\s+/g, '-');
}

export type NumArray = Uint32Array | Uint16Array | Float32Array | Uint8Array | Int32Array;

/** `arr` if it holds `need` items, else a copy with room to grow (views over an image are never written). */
export function grow<T extends NumArray>(arr: T, need: number, fill?: number): T {
  if (need <= arr.length) return arr;
  let cap = Math.max(8, arr.length);
  while (cap < need) cap = cap < 1 << 16 ? cap * 2 : Math.ceil(cap * 1.5);
  const Ctor = arr.constructor as new (n: number) => T;
  const out = new Ctor(cap);
  out.set(arr);
  if (fill !== undefined) out.fill(fill, arr.length);
  return out;
}
