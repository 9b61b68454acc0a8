/** `crossover doctor`: a smoke check of the TensorFlow.js backend and the onnxruntime execution provider. */
import type { Command } from 'commander';
import type { DoctorOptions } from '../doctor/run-doctor.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('smoke check: print the TensorFlow.js backend and onnxruntime execution provider in use')
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu', 'auto')
    .option('--device <device>', 'onnxruntime device to prove: cpu | cuda', 'cpu')
    .action(async (options: DoctorOptions) => {
      // Loaded on use: tfjs and onnxruntime are checked for (and installed) before they are imported.
      const { formatDoctor, runDoctor } = await import('../doctor/run-doctor.js');
      const report = await runDoctor(options);
      process.stdout.write(`${formatDoctor(report)}\n`);
      if (!report.deviceOk) process.exitCode = 1;
    });
}
