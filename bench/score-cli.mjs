// End-to-end throughput of `crossover score` on GSM8K records read from a file (one core): parse, verify,
// write verdict lines, build the report. The baseline, measured in the same run on the same file, is just
// reading and JSON-parsing its lines, so the ratio shows what scoring adds on top of I/O.
//   npm run build && node bench/score-cli.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runScore } from '@crossover/cli';
import { loadShippedTaskset } from '@crossover/tasks';

const SAMPLES_PER_PROBLEM = 160; // 1319 x 160 = 211,040 records

/** A GSM8K-style completion of a few hundred characters ending in one of the usual answer formats. */
function completion(problemIndex, sample, answer) {
  const steps = [];
  for (let s = 0; s < 3 + (sample % 4); s++)
    steps.push(`Step ${s + 1}: ${problemIndex + s} * ${sample + 2} = ${(problemIndex + s) * (sample + 2)}.`);
  const final = sample % 3 === 0 ? String(Number(answer.replace(/,/g, '')) + 1) : answer;
  const formats = [`#### ${final}`, `The answer is ${final}.`, `\\boxed{${final}}`];
  return `${steps.join(' ')}\n${formats[sample % formats.length]}`;
}

function writeRecords(path) {
  const { problems } = loadShippedTaskset('gsm8k/test');
  const lines = [];
  problems.forEach((problem, p) => {
    for (let s = 0; s < SAMPLES_PER_PROBLEM; s++) {
      const text = completion(p, s, problem.reference.answer);
      lines.push(JSON.stringify({ problem_id: problem.id, completion: text, num_tokens: text.length >> 2 }));
    }
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length;
}

async function parseOnly(path) {
  const { createReadStream } = await import('node:fs');
  const decoder = new TextDecoder();
  let pending = '';
  let count = 0;
  for await (const chunk of createReadStream(path)) {
    const parts = (pending + decoder.decode(chunk, { stream: true })).split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      if (part === '') continue;
      JSON.parse(part);
      count++;
    }
  }
  return count;
}

async function timed(fn) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const value = await fn();
  const cpu = process.cpuUsage(cpuStarted);
  return { value, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'crossover-bench-'));
  try {
    const input = join(dir, 'gsm8k-generations.jsonl');
    const records = writeRecords(input);
    await parseOnly(input); // warm the page cache and the JIT
    const baseline = await timed(() => parseOnly(input));
    const score = await timed(() =>
      runScore({
        task: 'gsm8k',
        taskset: 'gsm8k/test',
        in: input,
        out: join(dir, 'verdicts.jsonl'),
        k: '1,8,64',
      }),
    );
    const rows = [
      { step: 'read + JSON.parse only (baseline)', records, ms: baseline.ms, cpuMs: baseline.cpuMs },
      { step: 'crossover score (verify + verdicts + report)', records, ms: score.ms, cpuMs: score.cpuMs },
    ];
    console.log(`crossover score, ${records} GSM8K records (${SAMPLES_PER_PROBLEM} per problem, mode auto)`);
    for (const row of rows) {
      const rate = Math.round((row.records / row.ms) * 1000).toLocaleString('en-US');
      const cpuRate = Math.round((row.records / row.cpuMs) * 1000).toLocaleString('en-US');
      console.log(
        `  ${row.step.padEnd(48)} ${row.ms.toFixed(0).padStart(6)} ms wall ${row.cpuMs.toFixed(0).padStart(6)} ms cpu  ${rate} records/s wall, ${cpuRate} per cpu-second`,
      );
    }
    console.log(
      `  score / baseline time ratio: ${(score.ms / baseline.ms).toFixed(2)} wall, ${(score.cpuMs / baseline.cpuMs).toFixed(2)} cpu  (target: >= 200,000 records/s on one core)`,
    );
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
