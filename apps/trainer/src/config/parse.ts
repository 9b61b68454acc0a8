/**
 * From given option values to typed options, through the table's zod schemas: commander's strings
 * (`trainOptionsFrom`) or an experiment config's flag-named JSON object (`trainOptionsFromFlags`). A value
 * that does not parse is a UsageError naming the option, raised before anything runs or is written.
 */
import { UsageError } from '@crossover/cli';
import { flagName, type OptionSpec, optionKeys, TRAIN_OPTIONS, type TrainOptions } from './options.js';

/** Option values by flag name, as an experiment config writes them: `{ "batch-size": 16 }`. */
export type TrainFlags = Record<string, string | number | boolean>;

/** `values`: the given options by key (`batchSize`), unparsed; unknown keys are refused. */
export function trainOptionsFrom(values: Record<string, unknown>): TrainOptions {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const spec = specOf(key);
    if (!spec) throw new UsageError(`unknown option --${flagName(key)}`);
    options[key] = parseValue(key, spec, value);
  }
  // Each value went through its own option's schema, which is what TrainOptions says of it.
  return options as TrainOptions;
}

/**
 * An experiment config's flags. As on a command line built from them, `false` is an option left out and
 * `"no-drop-uniform": true` is the negated switch.
 */
export function trainOptionsFromFlags(flags: TrainFlags): TrainOptions {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flags)) {
    if (value === false) continue;
    const negated = negatedSwitchKey(name);
    if (negated) values[negated] = false;
    else values[keyOf(name)] = value;
  }
  return trainOptionsFrom(values);
}

function parseValue(key: string, spec: OptionSpec, value: unknown): unknown {
  const parsed = spec.kind.schema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--${flagName(key)} must be ${spec.kind.expects}, got ${JSON.stringify(value)}`);
  return parsed.data;
}

function specOf(key: string): OptionSpec | undefined {
  return Object.hasOwn(TRAIN_OPTIONS, key) ? TRAIN_OPTIONS[key as keyof typeof TRAIN_OPTIONS] : undefined;
}

/** `batch-size` -> `batchSize`; a name that is no option is refused by name. */
function keyOf(name: string): string {
  const key = optionKeys().find((k) => flagName(k) === name);
  if (!key) throw new UsageError(`unknown option --${name}`);
  return key;
}

function negatedSwitchKey(name: string): string | undefined {
  if (!name.startsWith('no-')) return undefined;
  return optionKeys().find((k) => flagName(k) === name.slice(3) && TRAIN_OPTIONS[k].kind.isSwitch);
}
