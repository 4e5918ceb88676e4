/**
 * @module `@charmkit/testing`: state-in, state-out tests for `@charmkit/ops` charms, in
 * memory, in milliseconds. See docs/testing.md.
 */
export { Context } from './context.ts';
export type { ContextOptions } from './context.ts';
export { State, state } from './state.ts';
export type { StateData, ModelInfo } from './state.ts';
export {
  relation,
  peerRelation,
  subordinateRelation,
  container,
  secret,
  storage,
  network,
  newSecretId,
  DEFAULT_UNIT_BAG,
} from './components.ts';
export type {
  Bag,
  RelationKind,
  RelationState,
  RelationOptions,
  ContainerState,
  ContainerOptions,
  VirtualFile,
  ExecResponse,
  NoticeState,
  SecretState,
  SecretOptions,
  SecretOwnerKind,
  StorageState,
  NetworkState,
} from './components.ts';
export type { EventSpec, EventBuilders } from './events.ts';
export { UncaughtCharmError, ActionFailed, InconsistentStateError } from './errors.ts';
export { MemoryBackend } from './memory-backend.ts';
export { MemoryPebble } from './memory-pebble.ts';
export type { ExecRecord, SignalRecord } from './memory-pebble.ts';
