/**
 * @module `parseToolCall`: turns one hook-tool invocation (tool name, argv, hook env) into a
 * resolved {@link ToolCall}, exactly as Juju's `jujuc` commands parse it (gnuflag options, then each
 * command's `Init`). Usage errors throw {@link ToolUsageError} with Juju's message and exit code;
 * `--help`/`-h` yield a `help` call.
 */
import type { ToolCall, ToolEnv, ToolName } from './calls.ts';
import { HelpRequested, ToolUsageError } from './flags.ts';
import * as actionStorage from './parse-action-storage.ts';
import { helpText } from './parse-common.ts';
import type { ToolSpec } from './parse-common.ts';
import * as relation from './parse-relation.ts';
import * as secret from './parse-secret.ts';
import * as unit from './parse-unit.ts';

export { ToolUsageError } from './flags.ts';

type Parser = (argv: readonly string[], env: ToolEnv) => ToolCall;

const PARSERS: Readonly<Record<ToolName, Parser>> = {
  'relation-ids': relation.parseRelationIds,
  'relation-list': relation.parseRelationList,
  'relation-get': relation.parseRelationGet,
  'relation-set': relation.parseRelationSet,
  'relation-model-get': relation.parseRelationModelGet,
  'config-get': unit.parseConfigGet,
  'is-leader': unit.parseIsLeader,
  'resource-get': unit.parseResourceGet,
  'status-get': unit.parseStatusGet,
  'status-set': unit.parseStatusSet,
  'storage-list': actionStorage.parseStorageList,
  'storage-get': actionStorage.parseStorageGet,
  'storage-add': actionStorage.parseStorageAdd,
  'action-get': actionStorage.parseActionGet,
  'action-set': actionStorage.parseActionSet,
  'action-log': actionStorage.parseActionLog,
  'action-fail': actionStorage.parseActionFail,
  'application-version-set': unit.parseApplicationVersionSet,
  'juju-log': unit.parseJujuLog,
  'network-get': unit.parseNetworkGet,
  'goal-state': unit.parseGoalState,
  'secret-add': secret.parseSecretAdd,
  'secret-get': secret.parseSecretGet,
  'secret-info-get': secret.parseSecretInfoGet,
  'secret-set': secret.parseSecretSet,
  'secret-grant': secret.parseSecretGrant,
  'secret-revoke': secret.parseSecretRevoke,
  'secret-remove': secret.parseSecretRemove,
  'secret-ids': secret.parseSecretIds,
  'open-port': unit.parseOpenPort,
  'close-port': unit.parseClosePort,
  'opened-ports': unit.parseOpenedPorts,
  'credential-get': unit.parseCredentialGet,
  'state-get': actionStorage.parseStateGet,
  'state-set': actionStorage.parseStateSet,
  'state-delete': actionStorage.parseStateDelete,
  'juju-reboot': unit.parseJujuReboot,
  'pod-spec-set': unit.parsePodSpecSet,
  'add-metric': unit.parseAddMetric,
};

/** Every tool's options and help text, by name. */
export const TOOL_SPECS: Readonly<Record<ToolName, ToolSpec>> = {
  ...relation.RELATION_SPECS,
  ...secret.SECRET_SPECS,
  ...unit.UNIT_SPECS,
  ...actionStorage.ACTION_STORAGE_SPECS,
};

/** The names of all tools {@link parseToolCall} understands. */
export const TOOL_NAMES = Object.keys(PARSERS) as ToolName[];

export function isToolName(tool: string): tool is ToolName {
  return Object.hasOwn(PARSERS, tool);
}

/** Defaults shown by `--help` that depend on the hook (`-r`, `storage-get -s`). */
function helpDefaults(env: ToolEnv): Map<string, string> {
  const defaults = new Map<string, string>();
  if (env.relationId) defaults.set('r', env.relationId);
  defaults.set('s', env.storageId ?? '');
  return defaults;
}

/**
 * Parses `argv` (without the tool name) as Juju's `<tool>` would, in the hook context `env`.
 * Throws {@link ToolUsageError} (exit 2 for option/argument errors, 1 for unreadable input files)
 * with Juju's message (print it as `ERROR <message>`).
 */
export function parseToolCall(tool: string, argv: readonly string[], env: ToolEnv): ToolCall {
  if (!isToolName(tool)) throw new ToolUsageError(`unknown hook tool ${JSON.stringify(tool)}`, 1);
  try {
    return PARSERS[tool](argv, env);
  } catch (error) {
    if (error instanceof HelpRequested)
      return { tool: 'help', of: tool, text: helpText(TOOL_SPECS[tool], helpDefaults(env)) };
    throw error;
  }
}
