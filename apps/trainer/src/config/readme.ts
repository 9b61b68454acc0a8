/**
 * The README's table of `crossover train` options, written from the option table: the README documents
 * the options once, and readme.test.ts fails (its diff is the fresh table) when its copy differs.
 */
import { defaultsOf } from './commander.js';
import { flagName, type OptionSpec, optionKeys, TRAIN_OPTIONS } from './options.js';

export const TABLE_START = '<!-- train-options:start (generated from src/config/options.ts) -->';
export const TABLE_END = '<!-- train-options:end -->';

export function optionsTable(): string {
  const rows = optionKeys().map((key) => {
    const spec: OptionSpec = TRAIN_OPTIONS[key];
    const flag = `\`--${flagName(key)}${spec.placeholder ? ` ${spec.placeholder}` : ''}\``;
    const negated = spec.negatedHelp ? `<br>\`--no-${flagName(key)}\`: ${spec.negatedHelp}` : '';
    const choices = spec.kind.choices ? ` (${spec.kind.choices.join(', ')})` : '';
    return `| ${flag} | ${cell(defaultsOf(spec))} | ${cell(spec.help + choices)}${negated} |`;
  });
  return ['| option | default | what it sets |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README's table, between the markers. */
export function tableInReadme(readme: string): string | null {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + TABLE_START.length, end).trim();
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('<', '&lt;');
}
