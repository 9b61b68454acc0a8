/**
 * `crossover sample --model model.onnx --task countdown --taskset ... --n 16 ... --out generations.jsonl`:
 * batched sampling with the KV cache through onnxruntime; writes generation records (docs/architecture.md).
 */
import type { Command } from 'commander';
import type { SampleCommandOptions } from '../sample/run-sample.js';

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('draw n samples per problem from an exported ONNX model; writes generation records as JSONL')
    .requiredOption(
      '--model <file>',
      'the .onnx file written by `crossover export` (its .json sidecar next to it)',
    )
    .requiredOption('--task <task>', 'countdown | gsm8k')
    .option(
      '--taskset <name-or-file>',
      'a shipped taskset (countdown/test, gsm8k/test) or a JSONL file of problems',
    )
    .option('--limit <n>', 'only the first n problems')
    .option('--n <n>', 'samples per problem', '16')
    .option('--temperature <x>', 'sampling temperature (0: greedy)', '0.8')
    .option('--top-p <x>', 'nucleus sampling mass', '0.95')
    .option('--max-tokens <n>', 'token limit per answer', '256')
    .option('--seed <n>', 'sampling seed', '1')
    .option('--batch-size <n>', 'sequences decoded together', '32')
    .option(
      '--template <name>',
      'prompt template: base | chat | compact (default: the one the model was trained with)',
    )
    .option('--device <device>', 'cpu | cuda (onnxruntime execution provider)', 'cpu')
    .option(
      '--workers <n>',
      'batches decoded side by side, one thread each (auto: every core; 1 on cuda)',
      'auto',
    )
    .option('--threads <n>', 'onnxruntime intra-op threads of each session')
    .option(
      '--stop <string>',
      "end a completion before this string (repeatable, or a JSON list; \\n for a newline), like lm-evaluation-harness's until",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--out <file>', 'output JSONL (default: stdout)')
    .action(async (options: SampleCommandOptions) => {
      // Loaded on use: onnxruntime would slow down every other command's start.
      const { runSample } = await import('../sample/run-sample.js');
      await runSample(options);
    });
}
