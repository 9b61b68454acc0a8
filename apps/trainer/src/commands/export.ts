/** `crossover export --checkpoint DIR --out model.onnx`: ONNX with KV cache plus its JSON sidecar. */
import type { Command } from 'commander';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write a checkpoint as an ONNX model (opset 17, KV cache) and a JSON sidecar (tokenizer, config); ' +
        'the sidecar holds the whole tokenizer, so sampling needs no other file',
    )
    .requiredOption(
      '--checkpoint <dir>',
      'a checkpoint directory, or a run directory (its latest checkpoint)',
    )
    .requiredOption('--out <file>', 'the .onnx file to write; the sidecar goes next to it as <name>.json')
    .action(async (options: { checkpoint: string; out: string }) => {
      // Loaded on use, so that other commands start fast.
      const { selectBackend } = await import('../backend/select.js');
      const { exportOnnx } = await import('../onnx/export.js');
      const { loadCheckpoint, resolveCheckpointDir } = await import('../train/checkpoint.js');
      // Exporting only reads weights: the plain cpu backend is enough.
      await selectBackend('cpu');
      const dir = await resolveCheckpointDir(options.checkpoint);
      const { model, config, state } = await loadCheckpoint(dir);
      const { train } = config;
      const written = await exportOnnx(model, config.tokenizer, options.out, {
        checkpoint: dir,
        step: state.step,
        algo: train.algo,
        task: train.task,
        template: train.template,
        seed: train.seed,
      });
      process.stderr.write(
        `wrote ${written.onnxPath} (${(written.bytes / 1e6).toFixed(1)} MB) and ${written.sidecarPath} ` +
          `(${config.tokenizer.kind} tokenizer), step ${state.step}\n`,
      );
    });
}
