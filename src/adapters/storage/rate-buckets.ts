/**
 * The API rate limit's counts (API_RATE_LIMIT_PER_MINUTE): per client, a token bucket of
 * `perMinute` tokens refilled continuously, one token per request. On PostgreSQL the buckets
 * are rows every web process shares (postgres/postgres-rate-buckets.ts), so a client spread
 * over N processes by the proxy gets the limit once, not N times; with SQLite there is one web
 * process and they live in its memory (below).
 */
export interface RateBuckets {
  /** Takes a token from `client`'s bucket at `at` when it holds one. */
  take(client: string, perMinute: number, at: Date): Promise<RateTake>;
}

export interface RateTake {
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** When refused: milliseconds until the bucket holds a token again (0 when allowed). */
  readonly retryAfterMs: number;
}

export const RATE_WINDOW_MS = 60_000;
/** Every this many takes, a process forgets clients idle for a while: their buckets are full again. */
export const SWEEP_EVERY_TAKES = 10_000;

/** The bucket after refilling for `elapsedMs`, and what taking a token from it gives. */
export function takeFromBucket(tokens: number, elapsedMs: number, perMinute: number) {
  const refillPerMs = perMinute / RATE_WINDOW_MS;
  const refilled = Math.min(perMinute, tokens + Math.max(0, elapsedMs) * refillPerMs);
  const allowed = refilled >= 1;
  const left = allowed ? refilled - 1 : refilled;
  return { tokens: left, take: rateTake(left, allowed, perMinute) };
}

/** What a take reports, from the tokens left in the bucket after it. */
export function rateTake(left: number, allowed: boolean, perMinute: number): RateTake {
  const refillPerMs = perMinute / RATE_WINDOW_MS;
  return { allowed, remaining: Math.floor(left), retryAfterMs: allowed ? 0 : Math.ceil((1 - left) / refillPerMs) };
}

/** Buckets in this process's memory (the SQLite backend's single web process). */
export function createMemoryRateBuckets(): RateBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let takes = 0;
  return {
    async take(client, perMinute, at) {
      const t = at.getTime();
      if (++takes % SWEEP_EVERY_TAKES === 0) {
        for (const [key, bucket] of buckets) if (t - bucket.at > RATE_WINDOW_MS) buckets.delete(key);
      }
      const bucket = buckets.get(client) ?? { tokens: perMinute, at: t };
      const { tokens, take } = takeFromBucket(bucket.tokens, t - bucket.at, perMinute);
      buckets.set(client, { tokens, at: Math.max(t, bucket.at) });
      return take;
    },
  };
}
