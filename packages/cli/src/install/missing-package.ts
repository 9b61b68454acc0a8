// Whether a package is installed where a module would find it, and the error that says how to install what
// is missing: the scoring CLI is installed without the trainer and its ML runtimes, so a training command
// must be able to tell the user what to add instead of failing inside an import.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A command needs packages that are not installed; the message ends with the command that installs them. */
export class MissingPackageError extends Error {
  override name = 'MissingPackageError';
}

/**
 * True when `name` is in one of the node_modules folders Node would search from `fromUrl`. Looks for the
 * package's folder rather than resolving an entry point: a package's `exports` need not expose anything a
 * resolver could find without importing it.
 */
export function isInstalled(name: string, fromUrl: string): boolean {
  const folders = createRequire(fromUrl).resolve.paths(name) ?? [];
  return folders.some((folder) => existsSync(join(folder, name, 'package.json')));
}

/** `npm install a@range b@range`, the line a MissingPackageError ends with. */
export function installCommand(packages: Record<string, string>): string {
  const specs = Object.entries(packages).map(([name, range]) => (range === '' ? name : `${name}@${range}`));
  return `npm install ${specs.join(' ')}`;
}
