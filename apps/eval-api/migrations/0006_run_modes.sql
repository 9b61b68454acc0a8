-- Every mode's verdicts of a scored run, so any mode and any k can be shown or compared without re-scoring:
-- per-problem counts [[problem_id, n, c], ...] and the ModeScores (pass@k with intervals at the report's ks,
-- coverage, reasons), with the version of the mode's verifier that judged them. Runs scored before this table
-- have no rows until an admin re-scores them.
CREATE TABLE run_modes (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  mode TEXT NOT NULL,
  verifier_version INTEGER NOT NULL,
  scores TEXT NOT NULL,
  problems TEXT NOT NULL,
  PRIMARY KEY (run_id, mode)
);
-- The version of the ranking mode's verifier (NULL for runs scored before versions were recorded), and the pairs
-- of modes that judged samples differently, with examples (ModeDisagreement[] as JSON).
ALTER TABLE runs ADD COLUMN verifier_version INTEGER;
ALTER TABLE runs ADD COLUMN mode_disagreements TEXT;
-- A queue chunk's ModeTallyData (every mode's per-problem counts and disagreements), written with its aggregates.
ALTER TABLE run_chunks ADD COLUMN mode_tally TEXT;
