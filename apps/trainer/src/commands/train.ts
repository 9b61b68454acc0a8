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
      'train the policy: SFT on reference solutions, or GRPO / iterative SFT from an SFT checkpoint',
    )
    .addOption(
      new Option('--algo <algo>', 'training objective')
        .choices(['sft', 'grpo', 'filtered-isft', 'isft'])
        .default('sft'),
    )
    .addOption(new Option('--task <task>', 'task').choices(['countdown', 'gsm8k']).default('countdown'))
    .option('--preset <name>', 'model size: tiny | small | base', 'tiny')
    .option('--n-layer <n>', 'override: transformer blocks')
    .option('--n-head <n>', 'override: attention heads')
    .option('--d-model <n>', 'override: model width')
    .option('--d-mlp <n>', 'override: MLP width (default 4 x d-model)')
    .option('--block-size <n>', 'override: longest sequence in tokens')
    .option('--positions <kind>', 'override: learned | rotary position encoding')
    .option(
      '--tokenizer <file>',
      'a Hugging Face tokenizer.json (or its directory) instead of the byte-level tokenizer; BOS/EOS/PAD ' +
        'from the tokenizer_config.json beside it, else the usual names; stored in the checkpoint, so ' +
        '--resume and RL keep the one the checkpoint was trained with',
    )
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
    .option(
      '--copy-aux <n>',
      'countdown: auxiliary restate-the-problem examples mixed in (helps tiny models)',
      '0',
    )
    .option('--min-numbers <n>', 'countdown: fewest numbers per instance', '3')
    .option('--max-numbers <n>', 'countdown: most numbers per instance', '4')
    .option('--min-value <n>', 'countdown: smallest number drawn', '1')
    .option('--max-value <n>', 'countdown: largest number drawn', '99')
    .option('--min-target <n>', 'countdown: smallest target', '1')
    .option('--max-target <n>', 'countdown: largest target', '100')
    .option(
      '--solutions-per-problem <n>',
      'countdown: each SFT answer is one of the n simplest solutions, chosen at random (default 1 listed, 4 otherwise)',
    )
    .addOption(
      new Option(
        '--sft-target <style>',
        'countdown, listed order: answers restate the problem (full) or not (terse)',
      )
        .choices(['full', 'terse'])
        .default('full'),
    )
    .option(
      '--term-order <order>',
      'countdown: answers order numbers canonically (larger first), by the prompt (prompt), or exactly as listed (listed: only instances with such a solution)',
      'canonical',
    )
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
    .option(
      '--workers <n>',
      'threads sharing each batch and, in RL, decoding the rollouts (auto: every core on wasm/cpu, 1 gradient thread on native backends)',
      'auto',
    )
    .option('--init <dir>', 'RL: the SFT run (or checkpoint directory) to start from')
    .option('--prompts-per-step <n>', 'RL: prompts per round (default 8)')
    .option('--group-size <n>', 'RL: samples per prompt, G (default 8)')
    .option('--temperature <x>', 'RL: sampling temperature of the rounds (default 1)')
    .option('--top-p <x>', 'RL: nucleus sampling of the rounds (default 1; grpo refuses < 1: off-policy)')
    .option('--max-tokens <n>', "RL: completion token limit (default: the SFT run's --eval-max-tokens)")
    .option('--clip-eps <x>', 'grpo: ratio clip epsilon (default 0.2)')
    .option('--clip-eps-high <x>', 'grpo: upper clip epsilon (default: --clip-eps)')
    .option('--kl-beta <x>', 'grpo: weight of the k3 KL to the initial policy (default 0)')
    .option('--num-iterations <n>', 'RL: updates per sampled batch, old log-probs frozen (default 1)')
    .addOption(
      new Option('--loss <mode>', 'RL: loss aggregation (default sequence-mean)').choices([
        'sequence-mean',
        'token-mean',
        'constant',
      ]),
    )
    .addOption(
      new Option('--scale-rewards <mode>', 'RL: advantage scaling (default group)').choices([
        'group',
        'batch',
        'none',
      ]),
    )
    .option('--neg-weight <x>', 'isft (F-ISFT±): weight -lambda of incorrect samples (default 1)')
    .addOption(
      new Option('--weights <kind>', 'isft: binary (+1 / -lambda) or advantage (default binary)').choices([
        'binary',
        'advantage',
      ]),
    )
    .option(
      '--drop-uniform',
      'filtered-isft, isft: leave out groups that are all correct or all wrong (default)',
    )
    .option(
      '--no-drop-uniform',
      'filtered-isft, isft: keep groups that are all correct or all wrong (dropped by default, as their GRPO advantage is 0)',
    )
    .option('--format-reward <x>', 'RL: reward of a well-formed wrong answer (TinyZero: 0.1; default 0)')
    .option('--micro-batch <n>', 'RL: sequences per forward/backward pass (default 16)')
    .option('--sample-batch-size <n>', 'RL: rows decoded together when sampling (default 64)')
    .action(async (options: RawOptions, command: Command) => {
      // Loaded on use: tfjs and onnxruntime would slow down every other command's start.
      const { rlAlgoToRun, runRlTrain } = await import('../rl/run-rl.js');
      const raw = options as unknown as Record<string, string | boolean | undefined>;
      if (await rlAlgoToRun(raw)) {
        const given = Object.keys(raw).filter((key) => command.getOptionValueSource(key) === 'cli');
        await runRlTrain(raw, new Set(given));
        return;
      }
      const { runTrain } = await import('../train/run-train.js');
      await runTrain(options);
    });
}
