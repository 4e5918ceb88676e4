/**
 * @module `charmkit`: the juju-compatible command line, and the pieces other tools may reuse
 * (the controller API client, model references).
 */
export { main, buildProgram } from './main.ts';
export { ApiClient } from './api-client.ts';
export type {
  ActionRequest,
  ActionTask,
  ConfigValue,
  DeployRequest,
  LogEntry,
  ModelSummary,
  StatusDocument,
} from './api-client.ts';
export { CliContext, stateDirFrom } from './context.ts';
export type { Io } from './context.ts';
export { CliError } from './errors.ts';
export type { CliErrorCode } from './errors.ts';
export {
  CONTROLLER_NAME,
  MODEL_OWNER,
  modelName,
  parseModelRef,
  qualifiedModel,
} from './model-ref.ts';
export type { ModelRef } from './model-ref.ts';
export { JUJU_VERSION, versionString } from './commands/controller.ts';
