/**
 * Rule sets are immutable once compiled, so what the engine works out from a rule object (a
 * condition's closure, the questions it mentions) is worked out once and kept on the object under a
 * private, non-enumerable key: a plain property load later, and never seen in JSON or comparisons.
 * A frozen object keeps it in a side table instead.
 */
export function memoOn<T extends object, V>(target: T, key: symbol, side: WeakMap<object, V>, compute: (target: T) => V): V {
  const own = (target as Record<symbol, V | undefined>)[key];
  if (own !== undefined) return own;
  const known = side.get(target);
  if (known !== undefined) return known;
  const value = compute(target);
  if (Object.isExtensible(target)) Object.defineProperty(target, key, { value });
  else side.set(target, value);
  return value;
}
