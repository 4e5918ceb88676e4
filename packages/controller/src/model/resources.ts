/**
 * @module An application's resources as deploy records them. A `file` resource is a local file;
 * an `oci-image` resource is a local directory (the stand-in for an image's filesystem: the
 * local runtime has no image store), a local image-details file, or an image reference
 * (`ubuntu:22.04`, `ghcr.io/org/app@sha256:…`) recorded as written, as juju accepts one.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { CharmMeta } from '@charmkit/ops';
import { ControllerError } from './errors.ts';

/** A registry reference: `[host[:port]/]path[:tag][@digest]`, no spaces. */
const IMAGE_REFERENCE =
  /^[a-z0-9][a-z0-9._-]*(?::\d+)?(?:\/[a-z0-9._-]+)*(?::[\w.-]+)?(?:@[a-z0-9]+:[a-f0-9]+)?$/;

/** Checks `--resource` values against the charm's resources; returns what to record. */
export function validateResources(
  meta: CharmMeta,
  resources: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(resources)) {
    const declared = meta.resources[name];
    if (declared === undefined) {
      const known = Object.keys(meta.resources);
      throw new ControllerError(
        'invalid',
        `unrecognized resource "${name}"${known.length > 0 ? ` (the charm has: ${known.join(', ')})` : ' (the charm declares no resources)'}`,
      );
    }
    if (/^\d+$/.test(value))
      throw new ControllerError(
        'invalid',
        `resource "${name}": revision ${value} would come from Charmhub, which a local controller does not reach; give a local ${declared.type === 'file' ? 'file' : 'directory or image reference'}`,
      );
    if (isAbsolute(value) || existsSync(value)) {
      const path = resolve(value);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat)
        throw new ControllerError('not-found', `resource "${name}": file ${path} does not exist`);
      if (declared.type === 'file' && !stat.isFile())
        throw new ControllerError(
          'invalid',
          `resource "${name}": ${path} is not a file (a file resource takes a file)`,
        );
      out[name] = path;
      continue;
    }
    if (declared.type === 'file')
      throw new ControllerError('not-found', `resource "${name}": file ${value} does not exist`);
    if (!IMAGE_REFERENCE.test(value))
      throw new ControllerError(
        'invalid',
        `resource "${name}": "${value}" is neither a local path nor an image reference (like ubuntu:22.04)`,
      );
    out[name] = value;
  }
  return out;
}

/** Whether a recorded resource is an image reference rather than a local path. */
export function isImageReference(recorded: string): boolean {
  return !isAbsolute(recorded);
}
