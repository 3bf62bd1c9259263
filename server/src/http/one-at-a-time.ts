/**
 * Runs the work given for one key one at a time, in the order given: for read-modify-write on
 * stored rows (a board's ballots), where two requests that read the same row before either writes
 * would lose one change (two quick votes counting as one). Keys with nothing queued are forgotten.
 */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
