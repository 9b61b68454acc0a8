export { runVerify } from './commands/verify.js';
