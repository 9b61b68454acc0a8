import { createRequire } from 'node:module';

/** This package's version, from its package.json (the same path from src/ and dist/). */
export const CLI_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
