#!/usr/bin/env node
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { runCli } from './run-cli.js';
import { CLI_VERSION } from './version.js';

const program = new Command('crossover')
  .description('Crossover: verify, score, train, export, sample and submit LLM reasoning generations')
  .version(CLI_VERSION);
registerCommands(program);
await runCli(program, process.argv);
