/**
 * @module What a `--resource name=value` (or a bundle's `resources:` entry) names, the way juju
 * reads it: an existing local file or directory, or, when the value is not written as a path,
 * something the controller interprets by the resource's type (an OCI image reference such as
 * `ubuntu:22.04` for `oci-image` resources). A value written as a path (`./x`, `/x`) that does
 * not exist is a mistake, reported where it was typed.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { keyValues } from './args.ts';
import { usage } from './errors.ts';

export type ResourceValue =
  { readonly value: string } | { readonly missing: string /* the absolute path looked for */ };

/** Resolves `value` against `baseDir` (the working directory, or the bundle file's directory). */
export function resourceValue(value: string, baseDir: string): ResourceValue {
  const path = resolve(baseDir, value);
  if (existsSync(path)) return { value: path };
  const writtenAsPath = value.startsWith('.') || value.startsWith('~') || isAbsolute(value);
  return writtenAsPath ? { missing: path } : { value };
}

/** `--resource name=value`: local paths made absolute and checked here, where they were typed. */
export function resourceArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(keyValues(args))) {
    const resolved = resourceValue(value, process.cwd());
    if ('missing' in resolved)
      throw usage(`resource "${name}": file "${value}" not found (looked for ${resolved.missing})`);
    out[name] = resolved.value;
  }
  return out;
}
