/** Numbers for objects by identity, for cache keys: an object keeps its number for as long as it lives. */
export class IdentityNumbers {
  private readonly numbers = new WeakMap<object, number>();
  private next = 1;

  of(o: object): number {
    let n = this.numbers.get(o);
    if (n === undefined) this.numbers.set(o, (n = this.next++));
    return n;
  }
}
