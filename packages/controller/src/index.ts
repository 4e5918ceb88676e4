/**
 * @module `@charmkit/controller`: a local controller that runs models of charms with Juju's
 * semantics — the store, the resolver and unit agents, and the hook-tool server.
 */
export { Controller } from './controller.ts';
export type { ControllerOptions } from './controller.ts';
export { ModelOperations } from './model/operations.ts';
export { relationKey } from './model/endpoints.ts';
export type { DeployOptions } from './model/operations.ts';
export { ControllerError } from './model/errors.ts';
export type { ControllerErrorCode } from './model/errors.ts';
export type * from './model/types.ts';
export { executeTool } from './agent/call-executor.ts';
export { HookSession } from './agent/hook-session.ts';
export { nextHook } from './agent/resolver.ts';
export type { HookPlan } from './agent/resolver.ts';
export { JUJU_VERSION } from './agent/hook-runner.ts';
export { ControllerDaemon, defaultStateDir } from './daemon.ts';
export type { DaemonOptions } from './daemon.ts';
export { modelStatus } from './model/status.ts';
