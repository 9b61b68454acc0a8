import {
  COUNTDOWN_MODES,
  type CountdownMode,
  type CountdownReference,
  DEFAULT_COUNTDOWN_MODE,
  verifyCountdown,
} from './countdown/index.js';
import {
  DEFAULT_GSM8K_MODE,
  GSM8K_MODES,
  type Gsm8kMode,
  type Gsm8kReference,
  verifyGsm8k,
} from './gsm8k/index.js';
import { invalidReference, type Verdict } from './verdict.js';
import { COUNTDOWN_VERIFIER_VERSIONS, GSM8K_VERIFIER_VERSIONS } from './versions/versions.js';

export * from './countdown/index.js';
export * from './gsm8k/index.js';
export * from './verdict.js';
export { COUNTDOWN_VERIFIER_VERSIONS, GSM8K_VERIFIER_VERSIONS } from './versions/versions.js';

export const TASKS = ['gsm8k', 'countdown'] as const;
export type Task = (typeof TASKS)[number];

export type Mode = Gsm8kMode | CountdownMode;

export interface VerifyOptions {
  /** The verifier mode; each task has its own default. */
  mode?: string;
  /** The prompt the completion answered; only TinyZero's Countdown mode looks at it. */
  prompt?: string;
  /**
   * GSM8K, Crossover's own modes: where a completion has run on into a new question or turn (default
   * DEFAULT_RUN_ON_MARKERS; an empty list judges the whole completion). Reproduction modes ignore it.
   */
  runOnMarkers?: readonly string[];
}

/** Thrown for a caller's mistake in the options (unknown task or mode), never for a completion's content. */
/** An unknown task or mode; `option` says which, so callers name the field without reading the message. */
export class VerifierOptionError extends Error {
  override name = 'VerifierOptionError';
  constructor(
    message: string,
    readonly option: 'task' | 'mode' = 'mode',
  ) {
    super(message);
  }
}

const MODES: Record<Task, readonly string[]> = { gsm8k: GSM8K_MODES, countdown: COUNTDOWN_MODES };
const DEFAULT_MODES: Record<Task, string> = { gsm8k: DEFAULT_GSM8K_MODE, countdown: DEFAULT_COUNTDOWN_MODE };

export function isTask(task: unknown): task is Task {
  return task === 'gsm8k' || task === 'countdown';
}

export function modesFor(task: Task): readonly string[] {
  return MODES[task];
}

export function defaultMode(task: Task): string {
  return DEFAULT_MODES[task];
}

const VERSIONS: Record<Task, { readonly [mode: string]: number }> = {
  gsm8k: GSM8K_VERIFIER_VERSIONS,
  countdown: COUNTDOWN_VERIFIER_VERSIONS,
};

/** The version of a mode's verdicts (see versions/versions.ts); throws VerifierOptionError for an unknown mode. */
export function verifierVersion(task: Task, mode: string): number {
  const version = VERSIONS[task]?.[mode];
  if (version === undefined) throw new VerifierOptionError(`unknown ${task} mode ${JSON.stringify(mode)}`);
  return version;
}

/** Every mode of the task with its verdicts' version. */
export function verifierVersions(task: Task): { [mode: string]: number } {
  return { ...VERSIONS[task] };
}

export function isMode(task: Task, mode: unknown): boolean {
  return typeof mode === 'string' && MODES[task].includes(mode);
}

/** Checks a task/mode pair up front, so that callers can reject bad options before reading any data. */
export function resolveMode(task: unknown, mode?: string): { task: Task; mode: string } {
  if (!isTask(task))
    throw new VerifierOptionError(
      `unknown task ${JSON.stringify(task)}; expected one of ${TASKS.join(', ')}`,
      'task',
    );
  const resolved = mode ?? DEFAULT_MODES[task];
  if (!isMode(task, resolved)) {
    throw new VerifierOptionError(
      `unknown ${task} mode ${JSON.stringify(mode)}; expected one of ${MODES[task].join(', ')}`,
      'mode',
    );
  }
  return { task, mode: resolved };
}

function isGsm8kReference(reference: unknown): reference is Gsm8kReference {
  if (typeof reference !== 'object' || reference === null) return false;
  const answer = (reference as { answer?: unknown }).answer;
  return typeof answer === 'string' || (typeof answer === 'number' && Number.isFinite(answer));
}

function isCountdownReference(reference: unknown): reference is CountdownReference {
  if (typeof reference !== 'object' || reference === null) return false;
  const { target, numbers } = reference as { target?: unknown; numbers?: unknown };
  return (
    typeof target === 'number' &&
    Number.isSafeInteger(target) &&
    Array.isArray(numbers) &&
    numbers.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)
  );
}

/**
 * Verifies one completion against its reference. Returns a Verdict for any completion string; throws
 * VerifierOptionError only for an unknown task or mode. A malformed reference gives reason
 * `invalid_reference`.
 */
export function verify(
  task: Task,
  completion: string,
  reference: unknown,
  options: VerifyOptions = {},
): Verdict {
  const resolved = resolveMode(task, options.mode);
  const text = typeof completion === 'string' ? completion : String(completion ?? '');
  if (resolved.task === 'gsm8k') {
    if (!isGsm8kReference(reference)) return invalidReference('gsm8k reference must be { answer: string }');
    const ref = { ...reference, answer: String(reference.answer) };
    return verifyGsm8k(text, ref, {
      mode: resolved.mode as Gsm8kMode,
      ...(options.runOnMarkers ? { runOnMarkers: options.runOnMarkers } : {}),
    });
  }
  if (!isCountdownReference(reference)) {
    return invalidReference(
      'countdown reference must be { target: integer, numbers: non-negative integers[] }',
    );
  }
  return verifyCountdown(text, reference, { mode: resolved.mode as CountdownMode, prompt: options.prompt });
}
