/**
 * Commander's `crossover train` options, generated from the option table. Commander holds no defaults:
 * the table's are shown in the help and applied when the settings are resolved, so that an RL run can tell
 * an option given on the command line from one left to the RL default or the SFT checkpoint.
 */
import { type Command, Option } from 'commander';
import { flagName, type OptionSpec, optionKeys, TRAIN_OPTIONS } from './options.js';

export function addTrainOptions(command: Command): Command {
  for (const key of optionKeys()) {
    const spec: OptionSpec = TRAIN_OPTIONS[key];
    const flag = `--${flagName(key)}`;
    const option = new Option(spec.placeholder ? `${flag} ${spec.placeholder}` : flag, helpOf(spec));
    if (spec.kind.choices) option.choices(spec.kind.choices);
    command.addOption(option);
    if (spec.negatedHelp) command.addOption(new Option(`--no-${flagName(key)}`, spec.negatedHelp));
  }
  return command;
}

/** The help line: the text, then the defaults (`default: 1000; RL: 100`). */
export function helpOf(spec: OptionSpec): string {
  return defaultsOf(spec) ? `${spec.help} (${defaultsOf(spec)})` : spec.help;
}

/** The defaults of an option in words, or '' when it has none. */
export function defaultsOf(spec: OptionSpec): string {
  const parts = [
    ...(spec.default === undefined ? [] : [`default: ${String(spec.default)}`]),
    ...(spec.rl === undefined ? [] : [`RL: ${String(spec.rl)}`]),
    ...(spec.defaultText === undefined ? [] : [spec.defaultText]),
  ];
  if (parts.length > 0 && spec.default === undefined && spec.rl === undefined)
    parts[0] = `default: ${parts[0]}`;
  return parts.join('; ');
}

/** The options given on the command line, by key, as commander parsed them. */
export function givenValues(command: Command): Record<string, unknown> {
  const values = command.opts();
  return Object.fromEntries(
    Object.keys(values)
      .filter((key) => command.getOptionValueSource(key) === 'cli')
      .map((key) => [key, values[key]]),
  );
}
