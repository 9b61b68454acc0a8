-- Multi-part uploads (PUT /v1/runs/{id}/generations/{part}): each part is stored decompressed as its own R2
-- object, checked on the way in (UTF-8, line limit, whole lines) and split into chunks relative to the part.
-- Re-uploading a part replaces its row; run_chunks is rebuilt from these rows, in part order, on every upload.
CREATE TABLE run_parts (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  part INTEGER NOT NULL CHECK (part BETWEEN 1 AND 10000),
  -- R2 key of the part's decompressed NDJSON; a fresh key per upload, so a replaced part is never read.
  key TEXT NOT NULL,
  -- Decompressed bytes, newline-terminated lines (blank ones too) and non-blank lines of the part.
  bytes INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  records INTEGER NOT NULL,
  -- SHA-256 (hex) of the decompressed bytes.
  digest TEXT NOT NULL,
  -- The part's chunks as [[byte_start, byte_end, line_start], ...], offsets and lines within the part.
  chunks TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, part)
);

-- The R2 object a chunk's byte range is in: a part's key; NULL means the run's own generations_key.
ALTER TABLE run_chunks ADD COLUMN generations_key TEXT;

-- A pending run's digest is provisional (the parts so far): the same generations are refused when a run is
-- finalized (or created scored), not while its parts are arriving.
DROP INDEX runs_generations_digest;
CREATE UNIQUE INDEX runs_generations_digest ON runs (generations_digest)
  WHERE generations_digest IS NOT NULL AND status IN ('scoring', 'scored');
