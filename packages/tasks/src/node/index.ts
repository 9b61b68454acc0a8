// @crossover/tasks/node: the parts that need Node (files, a disk cache for downloads). Everything else is
// in the main entry, which also runs in Workers.
export { DigestMismatchError, defaultCacheDir, fetchCached } from './cache.js';
export { type LoadedGsm8k, type LoadGsm8kOptions, loadGsm8k } from './gsm8k.js';
export { type LoadedTaskset, loadTaskset } from './load-taskset.js';
export { type ReadTasksetOptions, readTasksetFile } from './taskset-file.js';
