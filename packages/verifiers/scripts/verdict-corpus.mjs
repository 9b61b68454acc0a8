// Writes src/versions/corpus.jsonl: a fixed spread of completion shapes (answer markers, number formats,
// run-ons, boxed answers, Countdown expressions right and wrong) that every mode's verdicts are locked on.
// Append to it freely (then re-lock every mode: `npm run lock-verdicts -- --all`); never edit existing lines.
import { writeFileSync } from 'node:fs';

const golds = ['18', '1,000', '3.5', '-4', '0', '72', '0.25', '1000000'];
const shapes = [
  (a) => `#### ${a}`,
  (a) => `Step one, step two.\n#### ${a}`,
  (a) => `The answer is ${a}.`,
  (a) => `So the final answer is $\\boxed{${a}}$.`,
  (a) => `\\boxed{${a}}`,
  (a) => `${a}`,
  (a) => `She pays $${a} in total.`,
  (a) => `${a} dollars`,
  (a) => `#### ${a}.00`,
  (a) => `#### **${a}**`,
  (a) => `<answer>${a}</answer>`,
  (a) => `#### ${a}\n\nQuestion: Tom has 3 apples. How many?\nAnswer: #### 3`,
  (a) => `#### ${a}\nQ: next?\n#### 99`,
  (a) => `#### ${a}<|im_end|>\n#### 99`,
  (a) => `Question: restated here.\n${a} is what we get.\n#### ${a}`,
  (a) => `#### ${a}\n#### 7`,
  (a) => `#### 7\n#### ${a}`,
  (a) => `Final Answer: The final answer is ${a}. I hope it is correct.`,
  (a) => `${a.replace(',', '')}`,
  (a) => `#### ${a.replace(',', '')}`,
];
const wrong = ['', 'I do not know.', '#### 12345', 'The answer is 7.', '\\boxed{}', '#### abc', '####'];

const lines = [];
for (const gold of golds) {
  for (const shape of shapes)
    lines.push({ task: 'gsm8k', completion: shape(gold), reference: { answer: gold } });
  for (const completion of wrong) lines.push({ task: 'gsm8k', completion, reference: { answer: gold } });
}

const countdown = [
  {
    numbers: [2, 3, 4],
    target: 24,
    right: ['2*3*4', '(2*3)*4', '4*3*2'],
    wrong: ['2+3+4', '2*3', '5*4+4', '24'],
  },
  {
    numbers: [10, 5, 2],
    target: 20,
    right: ['10*2', '(10/5)*10'],
    wrong: ['10/(5-5)', '10**2', '(10-5)*2', '10*2*1'],
  },
  {
    numbers: [7, 1, 8, 3],
    target: 24,
    right: ['(7-1)*(8-3-1)', '8*(7-3-1)'],
    wrong: ['7+1+8+3', 'import os', '8*3'],
  },
];
for (const { numbers, target, right, wrong: bad } of countdown) {
  const prompt = `User: Using the numbers [${numbers.join(', ')}], create an equation that equals ${target}. Show your work in <think> </think> tags. And return the final answer in <answer> </answer> tags.\nAssistant: Let me solve this step by step.\n<think>`;
  for (const expression of [...right, ...bad]) {
    for (const wrap of [
      (e) => `</think>\n<answer>${e}</answer>`,
      (e) => `I tried.</think> <answer> ${e} </answer>`,
      (e) => `<answer>${e} = ${target}</answer>`,
      (e) => `${e}`,
      (e) => `<think>x</think><answer>${e}</answer><answer>1+1</answer>`,
    ])
      lines.push({ task: 'countdown', completion: wrap(expression), reference: { target, numbers }, prompt });
  }
}

writeFileSync(
  new URL('../src/versions/corpus.jsonl', import.meta.url),
  `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
);
console.log(`wrote ${lines.length} lines`);
