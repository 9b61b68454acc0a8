-- API keys: only the SHA-256 of a key is stored, with a short prefix to show in listings.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Leaderboard runs. status: pending (waiting for an upload), scoring (queued), scored, failed (with reason).
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  owner_key_id TEXT NOT NULL REFERENCES api_keys (id),
  model TEXT NOT NULL,
  base_model TEXT,
  method TEXT NOT NULL,
  step INTEGER,
  sampling TEXT NOT NULL,
  task TEXT NOT NULL,
  mode TEXT NOT NULL,
  taskset TEXT NOT NULL,
  taskset_digest TEXT NOT NULL,
  notes TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'scoring', 'scored', 'failed')),
  failure_reason TEXT,
  -- R2 key of the generations; every upload gets its own, so a replaced file is never read mid-scoring.
  generations_key TEXT,
  generations_digest TEXT,
  generations_bytes INTEGER,
  n_records INTEGER,
  n_problems INTEGER,
  samples_min INTEGER,
  samples_max INTEGER,
  pass_at_1 REAL,
  report TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX runs_board ON runs (task, taskset, status, pass_at_1 DESC);
-- The same generations are one run: a second submission is answered with 409 and the first run's id. A failed
-- run lets its generations go, so they can be submitted again.
CREATE UNIQUE INDEX runs_generations_digest ON runs (generations_digest)
  WHERE generations_digest IS NOT NULL AND status != 'failed';

-- Per-problem results of a scored run.
CREATE TABLE run_problems (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  problem_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  c INTEGER NOT NULL,
  row TEXT NOT NULL,
  PRIMARY KEY (run_id, problem_id)
);

-- Line ranges of an uploaded generations file; the queue consumer scores one chunk per message and stores
-- its mergeable aggregates, so a redelivered message overwrites instead of adding.
CREATE TABLE run_chunks (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  chunk_index INTEGER NOT NULL,
  byte_start INTEGER NOT NULL,
  byte_end INTEGER NOT NULL,
  line_start INTEGER NOT NULL,
  aggregates TEXT,
  PRIMARY KEY (run_id, chunk_index)
);

-- Idempotency-Key: the first request with a key wins; a retry with the same body gets the same run.
CREATE TABLE idempotency_keys (
  owner_key_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  run_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (owner_key_id, idempotency_key)
);
