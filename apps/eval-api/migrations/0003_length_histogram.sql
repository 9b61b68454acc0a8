-- Per-sample answer lengths of a scored run, binned: { unit, edges, correct, incorrect } (counts per bin), so
-- the run page can draw correct vs incorrect length histograms without the raw generations. NULL for runs
-- scored before this column existed (the page then bins per-problem mean lengths).
ALTER TABLE runs ADD COLUMN length_histogram TEXT;
