/**
 * `crossover train --algo sft --task countdown|gsm8k`: supervised warm-up on reference solutions, with
 * a progress line, metrics.jsonl, periodic held-out evaluation and exact-resume checkpoints.
 */
import { type Command, Option } from 'commander';
import type { RawOptions } from '../train/run-train.js';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train the policy model (SFT on reference solutions) with checkpoints, metrics and evaluation',
    )
    .addOption(new Option('--algo <algo>', 'training objective').choices(['sft']).default('sft'))
    .addOption(new Option('--task <task>', 'task').choices(['countdown', 'gsm8k']).default('countdown'))
    .option('--preset <name>', 'model size: tiny | small | base', 'tiny')
    .option('--n-layer <n>', 'override: transformer blocks')
    .option('--n-head <n>', 'override: attention heads')
    .option('--d-model <n>', 'override: model width')
    .option('--d-mlp <n>', 'override: MLP width (default 4 x d-model)')
    .option('--block-size <n>', 'override: longest sequence in tokens')
    .option('--positions <kind>', 'override: learned | rotary position encoding')
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu', 'auto')
    .option('--template <name>', 'prompt template: base | chat | compact (short Countdown prompt)', 'base')
    .option('--seed <n>', 'seed for weights, data order and evaluation sampling', '1')
    .option('--steps <n>', 'optimizer steps', '1000')
    .option('--batch-size <n>', 'sequences per step', '16')
    .option('--lr <x>', 'peak learning rate', '1e-3')
    .option('--min-lr <x>', 'final learning rate of the cosine schedule (default lr / 10)')
    .option('--warmup <n>', 'linear warm-up steps', '50')
    .option('--weight-decay <x>', 'AdamW weight decay on matrices', '0.1')
    .option('--grad-clip <x>', 'clip the global gradient norm (0: off)', '1')
    .option('--train-size <n>', 'countdown: generated training instances', '20000')
    .option('--min-numbers <n>', 'countdown: fewest numbers per instance', '3')
    .option('--max-numbers <n>', 'countdown: most numbers per instance', '4')
    .option(
      '--gsm8k-train <path-or-url>',
      'gsm8k: the train split JSONL (a path, or a URL to fetch and cache)',
    )
    .option('--eval-taskset <name-or-file>', 'held-out problems (default countdown/test or gsm8k/test)')
    .option('--eval-problems <n>', 'how many of them to evaluate on', '64')
    .option('--eval-every <n>', 'evaluate every n steps (0: only at the end)', '200')
    .option('--eval-n <n>', 'samples per problem at evaluation', '1')
    .option('--eval-temperature <x>', 'sampling temperature at evaluation (0: greedy)', '0')
    .option('--eval-max-tokens <n>', 'token limit per evaluation answer', '256')
    .option('--log-every <n>', 'write a metrics line every n steps', '10')
    .option('--checkpoint-every <n>', 'checkpoint every n steps', '200')
    .option('--run-dir <dir>', 'where checkpoints and metrics.jsonl go (default runs/<task>-<algo>-<time>)')
    .option('--resume <dir>', 'continue a run from its latest checkpoint (or the given checkpoint directory)')
    .option('--max-minutes <x>', 'stop, checkpoint and evaluate after this many minutes')
    .action(async (options: RawOptions) => {
      // Loaded on use: tfjs and onnxruntime would slow down every other command's start.
      const { runTrain } = await import('../train/run-train.js');
      await runTrain(options);
    });
}
