/**
 * @module The `POST /v1/exec` body (pebble-api.md §6.1) as ops sends it: every optional
 * field present, `null` when unset.
 */
import type { ExecOptions } from './types.ts';
import { formatDuration, ownershipWire } from './wire.ts';

export interface ExecStart {
  readonly changeId: string;
  readonly taskId: string;
}

export function execRequestBody(command: readonly string[], options: ExecOptions): unknown {
  return {
    command,
    'service-context': options.serviceContext ?? null,
    environment: options.environment ?? {},
    'working-dir': options.workingDir ?? null,
    timeout: options.timeoutMs === undefined ? null : formatDuration(options.timeoutMs),
    ...ownershipWire(options),
    'split-stderr': !options.combineStderr,
  };
}
