-- The leaderboard is read far more often than it changes: reads are cached (Cache API) under a key that carries
-- the board version, and every write that can change a board bumps it. Triggers do the bumping, so no write
-- path can forget to. Boards list scored runs only, so the triggers fire only for rows that are, or become,
-- scored: D1 counts a trigger's writes in `meta.changes`, and the status claims that check it (pending ->
-- scoring in finalize) must keep seeing exactly their own row.
CREATE TABLE board_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO board_version (id, version) VALUES (1, 1);

CREATE TRIGGER board_version_on_insert AFTER INSERT ON runs
WHEN NEW.status = 'scored'
BEGIN
  UPDATE board_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER board_version_on_update AFTER UPDATE ON runs
WHEN OLD.status = 'scored' OR NEW.status = 'scored'
BEGIN
  UPDATE board_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER board_version_on_delete AFTER DELETE ON runs
WHEN OLD.status = 'scored'
BEGIN
  UPDATE board_version SET version = version + 1 WHERE id = 1;
END;

-- The board's filters: by method and by base model within a taskset.
CREATE INDEX runs_board_method ON runs (task, taskset, status, method);
CREATE INDEX runs_board_base_model ON runs (task, taskset, status, base_model);
