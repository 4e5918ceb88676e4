/**
 * @module The pure, I/O-free layer of Juju's hook tools: {@link parseToolCall} turns a tool's argv
 * (as ops 2.x/3.x and the TypeScript SDK send it) into a resolved {@link ToolCall}, and
 * {@link formatOutput} prints results exactly as Juju's `--format json|yaml|smart` does.
 */
export type * from './calls.ts';
export { ROTATE_POLICIES, SETTABLE_STATUSES } from './calls.ts';
export { ToolUsageError, parseGoBool } from './flags.ts';
export { parseToolCall, isToolName, TOOL_NAMES, TOOL_SPECS } from './parse.ts';
export { parseSecretUri, parseExpire } from './parse-secret.ts';
export { parsePortRange } from './parse-ports.ts';
export { DEFAULT_FAIL_MESSAGE } from './parse-action-storage.ts';
export { formatOutput, goJson, goTime, goStruct } from './format.ts';
export { yamlV2 } from './yaml-v2.ts';
