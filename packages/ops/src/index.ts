/**
 * @module `@charmkit/ops`: write Juju charms in TypeScript, reconcile first.
 */
export {
  OpsError,
  ModelError,
  RelationNotFoundError,
  RelationDataAccessError,
  RelationDataTypeError,
  SecretNotFoundError,
  TooManyRelatedAppsError,
  InvalidStatusError,
  ValidationError,
  InvalidConfigError,
  InvalidRelationDataError,
  InvalidActionParamsError,
  JujuContextError,
  DeferNotAllowedError,
  formatIssues,
} from './errors.ts';
export type { OpsErrorCode, ValidationIssue } from './errors.ts';
export {
  active,
  blocked,
  maintenance,
  waiting,
  unknown,
  highestPriority,
  isSettableStatusName,
} from './status.ts';
export type { Status, StatusName, SettableStatus, SettableStatusName } from './status.ts';
export { jujuContextFromEnv, appOfUnit, compareJujuVersions } from './juju-context.ts';
export type { JujuContext } from './juju-context.ts';
export type {
  Backend,
  RelationRef,
  DatabagContent,
  RawConfig,
  StatusWithData,
  AppStatusReport,
  PortProtocol,
  Port,
  NetworkAddress,
  BindAddress,
  NetworkInfo,
  StorageDetails,
  SecretRotatePolicy,
  SecretOwner,
  SecretMetadataInput,
  SecretLookup,
  SecretInfo,
  CloudSpec,
  GoalState,
  GoalStateEntry,
  LogLevel,
  DeferredNotice,
} from './backend/backend.ts';
export type {
  CharmMeta,
  ConfigOptionMeta,
  ConfigOptionType,
  RelationMeta,
  RelationRole,
  RelationScope,
  ContainerMeta,
  StorageMeta,
  ResourceMeta,
  ActionMeta,
  ParamSchema,
  CharmUser,
} from './metadata/types.ts';
export type {
  ConfigOf,
  ConfigValue,
  EndpointName,
  PeerEndpointName,
  ContainerName,
  StorageName,
  ResourceName,
  ActionName,
  ActionParams,
  ConfigKey,
} from './metadata/typed.ts';
export { Charm, Framework } from './charm.ts';
export type { CharmClass, EventHandler, ObserveFilter, Observer } from './charm.ts';
export { dispatch } from './dispatch.ts';
export type { DispatchOptions, EmittedEvent } from './dispatch.ts';
export { CHARM_RUNNER, runCharm } from './main.ts';
export type { CharmRunnerRegistry, RunCharmOptions } from './main.ts';
export type { ToolExecution, ToolExecutor } from './backend/run-tool.ts';
export { Action, flattenResults, nestDottedKeys } from './action.ts';
export { parseGoDuration } from './go-duration.ts';
export type { ActionResults } from './action.ts';
export { NON_DEFERRABLE } from './events.ts';
export type {
  CharmEvent,
  EventOfKind,
  LifecycleEvent,
  SecretEvent,
  SecretHookKind,
  RelationEvent,
  StorageEvent,
  WorkloadEvent,
  ActionEvent,
} from './events.ts';
export {
  parseDispatchPath,
  hookName,
  LIFECYCLE_HOOKS,
  RELATION_SUFFIXES,
  STORAGE_SUFFIXES,
  WORKLOAD_SUFFIXES,
} from './hook-name.ts';
export type {
  HookKind,
  DispatchTarget,
  LifecycleHookKind,
  RelationHookKind,
  StorageHookKind,
  WorkloadHookKind,
} from './hook-name.ts';
export { JujuLogger } from './logger.ts';
export { Model } from './model/model.ts';
export { Unit, App } from './model/unit.ts';
export { Relation } from './model/relation.ts';
export { Databag } from './model/databag.ts';
export type { DatabagOwnerKind } from './model/databag.ts';
export { Secret, bareSecretId, canonicalSecretId, validateSecretContent } from './model/secret.ts';
export type { AddSecretOptions } from './model/secret.ts';
export { Storage } from './model/storage.ts';
export { StoredState } from './model/stored-state.ts';
export type { JsonValue } from './model/stored-state.ts';
export { Container } from './model/container.ts';
export { HookToolBackend, DEFERRED_FILE } from './backend/hook-tools.ts';
export type { HookToolBackendOptions } from './backend/hook-tools.ts';
export { toolError as hookToolError } from './backend/run-tool.ts';

export { StatusCollector } from './model/status-collector.ts';
