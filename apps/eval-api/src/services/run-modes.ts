import {
  type GenerationRecord,
  type ModeDisagreement,
  type ModeScores,
  ModeTally,
  type ModeTallyData,
  modeScores,
  modesFor,
  PromptIndex,
  type RunProblem,
  type ScorableProblem,
  type ScoringContext,
  scoreRecord,
  scoringContext,
  type Task,
  verifierVersion,
} from './scoring-packages.js';

/** One mode's scores of a run, as stored: what the run page and /v1/runs/{id}/modes show. */
export interface RunModeScores extends ModeScores {
  verifier_version: number;
}

/**
 * Every mode's verdicts of the records, as one tally (the queue stores one per chunk). Throws ScoringError for
 * a record that cannot be scored, exactly as scoreRecord does for the ranking mode.
 */
export function tallyEveryMode(
  task: Task,
  problems: ReadonlyMap<string, ScorableProblem> | null,
  records: readonly GenerationRecord[],
): ModeTallyData {
  const modes = modesFor(task);
  // One prompt index for every mode, built only when some record names its problem by its prompt alone.
  const byPrompt =
    problems !== null && records.some((r) => r.problem_id === undefined && r.prompt !== undefined)
      ? new PromptIndex(problems.values())
      : undefined;
  const contexts: ScoringContext[] = modes.map((mode) => ({
    ...scoringContext(task, mode, problems),
    ...(byPrompt ? { promptIndex: byPrompt } : {}),
  }));
  const tally = new ModeTally(modes);
  records.forEach((record, index) => {
    const verdicts = contexts.map((context) => scoreRecord(context, record, index).verdict);
    tally.add(verdicts[0]!.problem_id, record.completion, verdicts);
  });
  return tally.toData();
}

/**
 * Replaces a scored run's per-mode rows, disagreements and the version of its ranking mode; in the batch that
 * stores its report, after it. Each write applies only to a run that is scored, like passCountsStatement.
 */
export function runModesStatements(
  db: D1Database,
  run: { id: string; task: Task; mode: string },
  tally: ModeTallyData,
  ks: readonly number[],
): D1PreparedStatement[] {
  const statements = [db.prepare('DELETE FROM run_modes WHERE run_id = ?').bind(run.id)];
  for (const scores of modeScores(tally, ks)) {
    const correct = tally.correct[scores.mode]!;
    const problems = tally.problems.map((id, p) => [id, tally.n[p]!, correct[p]!]);
    statements.push(
      db
        .prepare(
          `INSERT INTO run_modes (run_id, mode, verifier_version, scores, problems)
           SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?1 AND status = 'scored')`,
        )
        .bind(
          run.id,
          scores.mode,
          verifierVersion(run.task, scores.mode),
          JSON.stringify(scores),
          JSON.stringify(problems),
        ),
    );
  }
  statements.push(
    db
      .prepare(
        "UPDATE runs SET verifier_version = ?, mode_disagreements = ? WHERE id = ? AND status = 'scored'",
      )
      .bind(verifierVersion(run.task, run.mode), JSON.stringify(tally.disagreements), run.id),
  );
  return statements;
}

/** A run's stored mode scores, in the task's mode order; empty for runs scored before modes were stored. */
export async function runModeScores(
  db: D1Database,
  run: { id: string; task: Task },
): Promise<RunModeScores[]> {
  const { results } = await db
    .prepare('SELECT mode, verifier_version, scores FROM run_modes WHERE run_id = ?')
    .bind(run.id)
    .all<{ mode: string; verifier_version: number; scores: string }>();
  const order = modesFor(run.task);
  return results
    .map((row) => ({ ...(JSON.parse(row.scores) as ModeScores), verifier_version: row.verifier_version }))
    .sort((a, b) => order.indexOf(a.mode) - order.indexOf(b.mode));
}

/** (n, c) of every problem of a run under one mode, or null when the run has no scores stored for it. */
export async function modeProblemCounts(
  db: D1Database,
  runId: string,
  mode: string,
): Promise<RunProblem[] | null> {
  const row = await db
    .prepare('SELECT problems FROM run_modes WHERE run_id = ? AND mode = ?')
    .bind(runId, mode)
    .first<{ problems: string }>();
  if (!row) return null;
  return (JSON.parse(row.problems) as Array<[string, number, number]>).map(([problem_id, n, c]) => ({
    problem_id,
    n,
    c,
  }));
}

/** The stored disagreements of a run, the largest first; empty when none were stored. */
export function decodeDisagreements(text: string | null | undefined): ModeDisagreement[] {
  if (text === null || text === undefined) return [];
  return (JSON.parse(text) as ModeDisagreement[]).sort((a, b) => b.samples - a.samples);
}
