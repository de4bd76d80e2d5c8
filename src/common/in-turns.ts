// Work on many items with only a few in flight: a batch 签收 or a calendar change sends one Temporal
// Update per event, and fifty at once would crowd Temporal while fifty in a row keep the user waiting.

/** `work` on each item, at most `limit` at a time; the results in the items' order. */
export async function inTurns<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
