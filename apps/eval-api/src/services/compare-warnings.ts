// What makes two runs not like for like: a comparison of runs sampled or scored differently measures the
// settings as much as the training (a strict verifier against a flexible one, T=0.6 against T=1), so the
// comparison names every such difference instead of refusing it.
import type { RunRow } from './runs.js';
import { decodeProvenance, decodeSampling } from './stored-json.js';

export interface ComparisonWarning {
  /** the setting, as the run's JSON names it (`mode`, `sampling.temperature`, `n`, ...) */
  field: string;
  a: string | number | null;
  b: string | number | null;
}

type Setting = string | number | null;

/** Samples per problem: one number, or `min–max` for a run whose problems have different counts. */
function samplesPerProblem(run: RunRow): Setting {
  if (run.samples_min === null || run.samples_max === null) return null;
  return run.samples_min === run.samples_max ? run.samples_min : `${run.samples_min}–${run.samples_max}`;
}

function settingsOf(run: RunRow): [field: string, value: Setting][] {
  const sampling = decodeSampling(run.sampling);
  const template = decodeProvenance(run.provenance)?.prompt_template;
  return [
    ['mode', run.mode],
    ['taskset', run.taskset],
    ['taskset.digest', run.taskset_digest],
    ['n', samplesPerProblem(run)],
    ['sampling.temperature', sampling.temperature],
    ['sampling.top_p', sampling.top_p],
    ['sampling.max_tokens', sampling.max_tokens],
    ['prompt_template', template?.name ?? null],
    ['prompt_template.digest', template?.digest ?? null],
  ];
}

/**
 * Every setting that differs between the runs, in a fixed order; a digest (of the taskset, of the prompt
 * template) only where the names agree.
 */
export function comparisonWarnings(a: RunRow, b: RunRow): ComparisonWarning[] {
  const settingsB = new Map(settingsOf(b));
  const warnings = settingsOf(a)
    .filter(([field, value]) => settingsB.get(field) !== value)
    .map(([field, value]) => ({ field, a: value, b: settingsB.get(field) ?? null }));
  const differs = new Set(warnings.map((warning) => warning.field));
  const nameDiffers = (field: string) =>
    field.endsWith('.digest') && differs.has(field.slice(0, -'.digest'.length));
  return warnings.filter((warning) => !nameDiffers(warning.field));
}
