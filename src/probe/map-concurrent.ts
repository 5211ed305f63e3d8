/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order in the result.
 * The first rejection rejects the whole map and no further items are started.
 * @example await mapConcurrent(targets, 16, (target) => probe(target))
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const work = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  const running: Promise<void>[] = [];
  for (let i = 0; i < workers; i += 1) running.push(work());
  await Promise.all(running);
  return results;
}
