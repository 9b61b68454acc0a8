// Leaderboard reads are cached under a key that carries the board version (migrations/0002): triggers bump
// the version whenever a scored run is added, changed or deleted, so a write makes every cached board
// unreachable, in every isolate and colo, without listing or purging keys. Two tiers: a small map in
// the isolate (no I/O but the version read), then the Cache API (shared by the isolates of a colo).

// The format of the cached values: bumped whenever their shape changes, so that a deploy never reads entries
// an older version of the code left in the Cache API (2: comparisons gained warnings and coverage).
const CACHE_ORIGIN = 'https://board-cache.crossover.invalid/f3';
// Superseded versions are never read again; they only need to age out.
const CACHE_TTL_SECONDS = 3600;

export async function boardVersion(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT version FROM board_version WHERE id = 1').first<{ version: number }>();
  return row?.version ?? 0;
}

// Every read needs the current version, but one D1 query per request caps a busy board at the rate D1 answers
// single queries. An isolate trusts the version it last read for BOARD_VERSION_TTL_MS: writes through this
// isolate's API forget it at once (forgetBoardVersion, called by the app after every write to /v1/runs), writes
// elsewhere (other isolates, the queue consumer) are seen within the TTL plus one query. In-flight queries are
// never shared between requests (in Workers, I/O belongs to the request that started it and dies with it), so
// when the TTL runs out one request refreshes the version while the others keep the one it replaces: without
// that, every request arriving during the refresh queried D1 too, a stampede that showed as a p99 spike each
// second under load. A refresh whose request died is given up after REFRESH_GIVE_UP_MS.
export const BOARD_VERSION_TTL_MS = 1000;
const REFRESH_GIVE_UP_MS = 5000;
let known: { version: number; readAt: number } | null = null;
let refreshing: { since: number } | null = null;
let generation = 0;

/** Drops the version this isolate trusts, so that the next read asks D1 (after a write). */
export function forgetBoardVersion(): void {
  known = null;
  refreshing = null;
  generation++;
}

/** The board version: the one this isolate read less than BOARD_VERSION_TTL_MS ago, else from D1. */
export async function currentBoardVersion(db: D1Database): Promise<number> {
  const now = Date.now();
  if (known !== null) {
    const fresh = now - known.readAt < BOARD_VERSION_TTL_MS;
    const beingRefreshed = refreshing !== null && now - refreshing.since < REFRESH_GIVE_UP_MS;
    if (fresh || beingRefreshed) return known.version;
  }
  const startedAt = generation;
  const mine = { since: now };
  refreshing = mine;
  try {
    const version = await boardVersion(db);
    // a query that raced a write (forgotten meanwhile) may hold the old version: use it, do not trust it
    if (generation === startedAt) known = { version, readAt: Date.now() };
    return version;
  } finally {
    if (refreshing === mine) refreshing = null;
  }
}

/** The cache key of one read: its name, the board version and its parameters in a stable order. */
export function boardCacheKey(
  name: string,
  version: number,
  params: Record<string, string | number | undefined>,
): string {
  // A string, not a URLSearchParams: that is a runtime object per request, and each one the GC has to finalize
  // lengthens the pauses that set the reads' tail latency (bench/leaderboard-load.mjs).
  let search = '';
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value !== undefined)
      search += `${search === '' ? '' : '&'}${key}=${encodeURIComponent(String(value))}`;
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

/** How one kind of cached value travels through the Cache API tier. */
interface CacheCodec<T> {
  toResponse(value: T): Response;
  fromResponse(response: Response): Promise<T>;
}

/** The value stored under `name` and `params` for the current board version, or `compute()`'s, then stored. */
async function cachedUnderVersion<T>(
  db: D1Database,
  name: string,
  params: Record<string, string | number | undefined>,
  compute: () => Promise<T>,
  codec: CacheCodec<T>,
): Promise<T> {
  const version = await currentBoardVersion(db);
  const key = boardCacheKey(name, version, params);
  if (memo.version === version && memo.values.has(key)) return memo.values.get(key) as T;
  const cache = cacheStorage();
  const hit = cache ? await cache.match(key) : undefined;
  const value = hit ? await codec.fromResponse(hit) : await compute();
  if (cache && !hit) await cache.put(key, codec.toResponse(value));
  remember(version, key, value);
  return value;
}

const CACHE_CONTROL = `max-age=${CACHE_TTL_SECONDS}`;

const jsonCodec: CacheCodec<unknown> = {
  toResponse: (value) =>
    new Response(JSON.stringify(value), {
      headers: { 'content-type': 'application/json', 'cache-control': CACHE_CONTROL },
    }),
  fromResponse: (response) => response.json(),
};

/**
 * `compute()`'s JSON result for this board version, from a cache when another request already made it.
 * The value is shared between requests: callers must not modify it.
 */
export function cachedBoardRead<T>(
  db: D1Database,
  name: string,
  params: Record<string, string | number | undefined>,
  compute: () => Promise<T>,
): Promise<T> {
  return cachedUnderVersion(db, name, params, compute, jsonCodec as CacheCodec<T>);
}

/** A complete response body, encoded once, with the strong ETag of its bytes and its gzip encoding. */
export interface BoardBody {
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
  /**
   * The same bytes gzipped, made once per version and isolate: the board page is about 100 KB, which
   * browsers take gzipped, and compressing it per request would cost more CPU than everything else a
   * cached read does.
   */
  gzipped: Uint8Array<ArrayBuffer>;
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The strong ETag of some bytes: the first 128 bits of their SHA-256, so equal bodies share it across deploys. */
export async function etagOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `"${hex}"`;
}

export async function boardBodyOf(text: string): Promise<BoardBody> {
  const bytes = new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
  return { bytes, etag: await etagOf(bytes), gzipped: await gzip(bytes) };
}

const bodyCodec: CacheCodec<BoardBody> = {
  toResponse: ({ bytes, etag }) => new Response(bytes, { headers: { etag, 'cache-control': CACHE_CONTROL } }),
  fromResponse: async (response) => {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { bytes, etag: response.headers.get('etag') ?? (await etagOf(bytes)), gzipped: await gzip(bytes) };
  },
};

/**
 * The serialised body of a whole board response (a page with its layout, a JSON or CSV document) for this
 * board version: rendered and encoded once per version and isolate, so a cached read costs no rendering,
 * no serialisation and no encoding. The bytes are shared: responses copy them (the Response constructor does).
 */
export function cachedBoardBody(
  db: D1Database,
  name: string,
  params: Record<string, string | number | undefined>,
  render: () => Promise<string>,
): Promise<BoardBody> {
  return cachedUnderVersion(db, name, params, async () => boardBodyOf(await render()), bodyCodec);
}
