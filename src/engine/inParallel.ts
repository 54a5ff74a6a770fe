/**
 * Runs `work` over `items` with at most `limit` of them in flight, in the items' order of starting. A
 * flow uses it to keep a remote's rate-limit bucket busy while it records the previous answer: with one
 * call at a time, the time spent recording between calls is time the bucket refills unused.
 *
 * A throw from `work` stops new items from starting; the ones in flight finish, then the first error
 * is thrown. `stop()` returning true also stops new items from starting (a run out of time).
 */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !stop() && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}
