// Leaderboard reads are cached under a key that carries the board version (migrations/0002): triggers bump
// the version whenever a scored run is added, changed or deleted, so a write makes every cached board
// unreachable, in every isolate and colo, without listing or purging keys. Two tiers: a small map in
// the isolate (no I/O but the version read), then the Cache API (shared by the isolates of a colo).

const CACHE_ORIGIN = 'https://board-cache.crossover.invalid';
// Superseded versions are never read again; they only need to age out.
const CACHE_TTL_SECONDS = 3600;

export async function boardVersion(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT version FROM board_version WHERE id = 1').first<{ version: number }>();
  return row?.version ?? 0;
}

// Every read needs the current version, but one D1 query per request caps a busy board at the rate D1 answers
// single queries. An isolate trusts the version it last read for BOARD_VERSION_TTL_MS: writes through this
// isolate's API forget it at once (forgetBoardVersion, called by the app after every write to /v1/runs), writes
// elsewhere (other isolates, the queue consumer) are seen within the TTL. In-flight queries are never shared
// between requests: in Workers, I/O belongs to the request that started it and dies with it.
export const BOARD_VERSION_TTL_MS = 1000;
let known: { version: number; readAt: number } | null = null;
let generation = 0;

/** Drops the version this isolate trusts, so that the next read asks D1 (after a write). */
export function forgetBoardVersion(): void {
  known = null;
  generation++;
}

/** The board version: the one this isolate read less than BOARD_VERSION_TTL_MS ago, else from D1. */
export async function currentBoardVersion(db: D1Database): Promise<number> {
  if (known !== null && Date.now() - known.readAt < BOARD_VERSION_TTL_MS) return known.version;
  const startedAt = generation;
  const version = await boardVersion(db);
  // a query that raced a write (forgotten meanwhile) may hold the old version: use it, do not trust it
  if (generation === startedAt) known = { version, readAt: Date.now() };
  return version;
}

/** The cache key of one read: its name, the board version and its parameters in a stable order. */
export function boardCacheKey(
  name: string,
  version: number,
  params: Record<string, string | number | undefined>,
): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value !== undefined) search.set(key, String(value));
  }
  return `${CACHE_ORIGIN}/${encodeURIComponent(name)}/v${version}?${search}`;
}

// The isolate tier: the values of one board version, dropped as soon as the version moves on.
const MEMO_ENTRIES = 256;
let memo: { version: number; values: Map<string, unknown> } = { version: -1, values: new Map() };

function remember(version: number, key: string, value: unknown): void {
  // a slow request of an older version must not evict the newer version's values
  if (version < memo.version) return;
  if (memo.version !== version) memo = { version, values: new Map() };
  if (memo.values.size >= MEMO_ENTRIES) {
    const oldest = memo.values.keys().next();
    if (!oldest.done) memo.values.delete(oldest.value);
  }
  memo.values.set(key, value);
}

function cacheStorage(): Cache | null {
  return typeof caches === 'undefined' ? null : caches.default;
}

/**
 * `compute()`'s JSON result for this board version, from a cache when another request already made it.
 * The value is shared between requests: callers must not modify it.
 */
export async function cachedBoardRead<T>(
  db: D1Database,
  name: string,
  params: Record<string, string | number | undefined>,
  compute: () => Promise<T>,
): Promise<T> {
  const version = await currentBoardVersion(db);
  const key = boardCacheKey(name, version, params);
  if (memo.version === version && memo.values.has(key)) return memo.values.get(key) as T;
  const cache = cacheStorage();
  const hit = cache ? await cache.match(key) : undefined;
  const value = hit ? ((await hit.json()) as T) : await compute();
  if (cache && !hit) {
    const response = new Response(JSON.stringify(value), {
      headers: { 'content-type': 'application/json', 'cache-control': `max-age=${CACHE_TTL_SECONDS}` },
    });
    await cache.put(key, response);
  }
  remember(version, key, value);
  return value;
}
