// Reproductions of two widely used Countdown rewards, verdict for verdict, computed without eval:
//   tinyzero       TinyZero's verl/utils/reward_score/countdown.py compute_score (0 / 0.1 / 1)
//   minir1         philschmid's mini-deepseek-r1 equation_reward_func (0 / 1)
//   minir1-format  the same recipe's format_reward_func (0 / 1)

import { pythonStrip } from '../python-whitespace.js';
import type { Reason, Verdict } from '../verdict.js';
import { verdict } from '../verdict.js';
import { firstSingleLineSpan, lastNonOverlappingSpan, minir1FormatSpan, type Span } from './answer-tags.js';
import { evaluatePythonProgram, minir1Matches, tinyzeroMatches } from './python-eval.js';
import type { PythonErrorKind, PythonNumber } from './python-numbers.js';
import { parsePythonExpression } from './python-parse.js';
import { passesCharacterWhitelist, usesExactlyNumbers } from './python-text.js';

interface Reference {
  target: number;
  numbers: readonly number[];
}

/**
 * CPython's compiler allows expression trees 3000 deep minus 3 per Python frame on the stack at eval()
 * (measured on 3.11). The frame count depends on the harness that called the reference, so these are
 * estimates: TinyZero's eval under <module>, two harness functions, compute_score and
 * evaluate_equation (5 frames); mini-R1's under <module>, two harness functions and
 * equation_reward_func (4 frames). Only trees within a few levels of the edge can be judged differently.
 */
const TINYZERO_MAX_AST_DEPTH = 3000 - 3 * 5;
const MINIR1_MAX_AST_DEPTH = 3000 - 3 * 4;

const FORMAT_SCORE = 0.1;

type Evaluated = { ok: true; value: PythonNumber } | { ok: false; reason: Reason };

const ERROR_REASONS: Record<PythonErrorKind, Reason> = {
  ZeroDivisionError: 'division_by_zero',
  OverflowError: 'wrong_answer',
  TypeError: 'invalid_expression',
  TooBig: 'too_long',
};

/** The references' steps after extraction: number multiset, character whitelist, then eval(). */
function evaluateEquation(equation: string, reference: Reference, maxAstDepth: number): Evaluated {
  if (!usesExactlyNumbers(equation, reference.numbers)) return { ok: false, reason: 'numbers_mismatch' };
  if (!passesCharacterWhitelist(equation)) return { ok: false, reason: 'invalid_expression' };
  const parsed = parsePythonExpression(equation, maxAstDepth);
  if (!parsed.ok) return { ok: false, reason: 'invalid_expression' };
  const evaluated = evaluatePythonProgram(parsed.program);
  if (!evaluated.ok) return { ok: false, reason: ERROR_REASONS[evaluated.error] };
  return evaluated;
}

const ASSISTANT_MARKERS = ['Assistant:', '<|im_start|>assistant'] as const;

/** indexOf(marker) in prompt + completion, without building that string. */
function indexInJoined(prompt: string, completion: string, marker: string): number {
  const inPrompt = prompt.indexOf(marker);
  if (inPrompt >= 0) return inPrompt;
  const overlap = Math.min(marker.length - 1, prompt.length);
  const inSeam = (prompt.slice(prompt.length - overlap) + completion.slice(0, marker.length - 1)).indexOf(
    marker,
  );
  if (inSeam >= 0) return prompt.length - overlap + inSeam;
  const inCompletion = completion.indexOf(marker);
  return inCompletion < 0 ? -1 : prompt.length + inCompletion;
}

/**
 * Where TinyZero looks for the answer in prompt + completion: the text after the first `Assistant:`
 * (else the first `<|im_start|>assistant`), then only its last line. Returns a text and the start of
 * that line in it, or null when neither marker occurs. Without a prompt, TinyZero's base prompt is
 * assumed: its first `Assistant:` starts its last line (`Assistant: Let me solve this step by
 * step.\n<think>`), so the completion's own last line decides (`<think>` in front of it cannot be part of
 * an `<answer>` tag). Positions are computed on the joined text without building it (a 1 MB
 * completion must not be copied per verdict) unless the last line starts inside the prompt.
 */
function tinyzeroLastLine(
  completion: string,
  prompt: string | undefined,
): { text: string; lineStart: number } | null {
  if (prompt === undefined) return { text: completion, lineStart: completion.lastIndexOf('\n') + 1 };
  for (const marker of ASSISTANT_MARKERS) {
    const at = indexInJoined(prompt, completion, marker);
    if (at < 0) continue;
    const newlineInCompletion = completion.lastIndexOf('\n');
    const lastNewline =
      newlineInCompletion >= 0 ? prompt.length + newlineInCompletion : prompt.lastIndexOf('\n');
    const lineStart = Math.max(at + marker.length, lastNewline + 1);
    if (lineStart >= prompt.length) return { text: completion, lineStart: lineStart - prompt.length };
    return { text: prompt.slice(lineStart) + completion, lineStart: 0 };
  }
  return null;
}

export function verifyTinyzero(completion: string, reference: Reference, prompt?: string): Verdict {
  const line = tinyzeroLastLine(completion, prompt);
  const span = line === null ? null : lastNonOverlappingSpan(line.text, line.lineStart);
  if (line === null || span === null) return verdict(false, 0, false, null, 'no_answer');
  const equation = pythonStrip(line.text, span.start, span.end);
  const result = evaluateEquation(equation, reference, TINYZERO_MAX_AST_DEPTH);
  if (!result.ok) return verdict(false, FORMAT_SCORE, true, equation, result.reason);
  if (tinyzeroMatches(result.value, reference.target)) return verdict(true, 1, true, equation, 'correct');
  return verdict(false, FORMAT_SCORE, true, equation, 'wrong_answer');
}

export function verifyMinir1(completion: string, reference: Reference): Verdict {
  const span: Span | null = firstSingleLineSpan(completion);
  if (span === null) return verdict(false, 0, false, null, 'no_answer');
  const equation = pythonStrip(completion, span.start, span.end);
  const result = evaluateEquation(equation, reference, MINIR1_MAX_AST_DEPTH);
  if (!result.ok) return verdict(false, 0, true, equation, result.reason);
  if (minir1Matches(result.value, reference.target)) return verdict(true, 1, true, equation, 'correct');
  return verdict(false, 0, true, equation, 'wrong_answer');
}

export function verifyMinir1Format(completion: string): Verdict {
  if (minir1FormatSpan(completion) !== null) return verdict(true, 1, true, null, 'correct');
  const reason: Reason = completion.includes('<answer>') ? 'malformed' : 'no_answer';
  return verdict(false, 0, false, null, reason);
}
