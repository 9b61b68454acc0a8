export { runScore } from './commands/score.js';
export { runVerify } from './commands/verify.js';
