/**
 * @module `@charmkit/interfaces`: typed requirer and provider sides of relation interfaces,
 * speaking the same databag protocol as the Python charm libraries
 * (shared/specs/interfaces.md). See README.md.
 */
export { DatabaseRequirer } from './postgresql-client/requirer.ts';
export type {
  DatabaseChange,
  DatabaseChangeKind,
  DatabaseConnection,
  DatabaseRequirerOptions,
} from './postgresql-client/requirer.ts';
export { DatabaseProvider } from './postgresql-client/provider.ts';
export type {
  DatabaseData,
  DatabaseProviderOptions,
  DatabaseRequest,
  DatabaseRequestEvent,
  DatabaseRequestKind,
} from './postgresql-client/provider.ts';
export {
  PROVIDED_SECRETS,
  REQUESTED_SECRETS,
  formatEndpoints,
  parseEndpoints,
  secretGroupOf,
  secretLabel,
} from './postgresql-client/wire.ts';
export type { Endpoint, ProviderStatus, SecretGroup } from './postgresql-client/wire.ts';
export { pythonJsonDumps } from './python-json.ts';
export type { PythonJsonValue } from './python-json.ts';
export type { AnyCharm, BagDiff } from './relation-data.ts';
export { IngressRequirer } from './ingress/requirer.ts';
export type { IngressReadyEvent, IngressRequirerOptions } from './ingress/requirer.ts';
export { IngressProvider } from './ingress/provider.ts';
export type { IngressProviderOptions, IngressRequest, IngressUnit } from './ingress/provider.ts';
export type { IngressHealthcheck, IngressScheme } from './ingress/wire.ts';
