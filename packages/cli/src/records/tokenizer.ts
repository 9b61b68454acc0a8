import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../run-cli.js';

/**
 * `--tokenizer tokenizer.json`: a Hugging Face tokenizer (the file `tokenizers` saves, as on the Hub) loaded
 * with @huggingface/tokenizers, imported only here so that commands without --tokenizer never load it. Its
 * tokenizer_config.json is read when it lies beside the file. The count is of the completion's own tokens:
 * no BOS/EOS or other post-processor tokens are added (`add_special_tokens: false`).
 */
export async function loadTokenCounter(path: string): Promise<(text: string) => number> {
  const json = readJson(path, '--tokenizer');
  const configPath = join(dirname(path), 'tokenizer_config.json');
  const config = existsSync(configPath) ? readJson(configPath, 'the tokenizer config') : {};
  const { Tokenizer } = await import('@huggingface/tokenizers');
  let tokenizer: InstanceType<typeof Tokenizer>;
  try {
    tokenizer = new Tokenizer(json, config);
    tokenizer.encode('check', { add_special_tokens: false });
  } catch (error) {
    throw new UsageError(
      `--tokenizer ${path}: not a tokenizer this library can load (${(error as Error).message})`,
    );
  }
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length;
}

function readJson(path: string, what: string): object {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${what} ${path}: cannot read the file`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (error) {
    throw new UsageError(`${what} ${path}: not a JSON object (${(error as Error).message})`);
  }
}
