/** True when the two key lists differ in length or in any element (Object.is). */
export function resetKeysChanged(prev: readonly unknown[] = [], next: readonly unknown[] = []): boolean {
  return prev.length !== next.length || prev.some((key, index) => !Object.is(key, next[index]));
}
