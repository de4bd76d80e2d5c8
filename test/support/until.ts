// Waiting on a condition over real time, for tests against a running app: each look is a real read
// (an HTTP request, a query), so the wait ends as soon as the condition holds.

/** Reads until `read` answers something, a tenth of a second between looks; fails naming `what`. */
export async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    const found = await read();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
