/**
 * The kinds of value a `crossover train` option takes, each a zod schema with the phrase its error
 * message uses (`--lr must be a number, got "x"`). Values come as commander's strings or as the JSON
 * numbers and booleans of an experiment config; both parse to the same typed value.
 */
import { z } from 'zod';

export interface ValueKind<T> {
  /** What a valid value is, completing "--flag must be ...". */
  expects: string;
  schema: z.ZodType<T, unknown>;
  /** The accepted words, for commander's `.choices()` and the help. */
  choices?: readonly string[];
  /** A switch (`--drop-uniform`) rather than an option with a value. */
  isSwitch?: boolean;
}

/** A number written on a command line (`'1e-3'`) or in JSON (`0.001`); blank text is no number. */
const numeric = z.union([z.number(), z.string().trim().min(1).transform(Number)]).pipe(z.number());

export function number(): ValueKind<number> {
  return { expects: 'a number', schema: numeric };
}

export function integer(): ValueKind<number> {
  return { expects: 'an integer', schema: numeric.pipe(z.number().int()) };
}

export function positiveInteger(): ValueKind<number> {
  return { expects: 'an integer of at least 1', schema: numeric.pipe(z.number().int().min(1)) };
}

/** A number in (min, max] (max optional). */
export function numberAbove(min: number, max?: number): ValueKind<number> {
  const above = z.number().gt(min);
  return {
    expects: max === undefined ? `a number > ${min}` : `a number in (${min}, ${max}]`,
    schema: numeric.pipe(max === undefined ? above : above.lte(max)),
  };
}

export function oneOf<const T extends readonly [string, ...string[]]>(choices: T): ValueKind<T[number]> {
  return { expects: `one of ${choices.join(', ')}`, schema: z.enum(choices), choices };
}

/** Text; a JSON number stands for its digits (`"workers": 2`), as it did on the command line built from it. */
export function text(): ValueKind<string> {
  const digits = z.number().transform(String);
  return { expects: 'a non-empty string', schema: z.union([z.string(), digits]).pipe(z.string().min(1)) };
}

export function flag(): ValueKind<boolean> {
  return { expects: 'true or false', schema: z.boolean(), isSwitch: true };
}
