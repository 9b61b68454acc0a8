// Placeholder until the Countdown verifiers land; the contract is fixed by ../index.ts.
import { type Verdict, verdict } from '../verdict.js';

export const COUNTDOWN_MODES = ['exact', 'tinyzero', 'minir1', 'minir1-format'] as const;
export type CountdownMode = (typeof COUNTDOWN_MODES)[number];
export const DEFAULT_COUNTDOWN_MODE: CountdownMode = 'exact';
export interface CountdownReference {
  target: number;
  numbers: number[];
}
export function verifyCountdown(
  _completion: string,
  _reference: CountdownReference,
  _options: { mode?: CountdownMode; prompt?: string } = {},
): Verdict {
  return verdict(false, 0, false, null, 'no_answer');
}
