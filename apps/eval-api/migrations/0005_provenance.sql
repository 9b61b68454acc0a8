-- Where a run's generations came from, as its submitter stated it: { model_revision?, prompt_template?: { name,
-- digest? }, generator?: { name, version? } } as JSON. NULL when nothing was stated (and for runs made before).
ALTER TABLE runs ADD COLUMN provenance TEXT;
