/**
 * @module The normalised shape of a charm's metadata, config options and actions
 * (juju-semantics.md §7), whichever files they were read from. Plain data: the generated
 * `metadata.generated.ts` of a charm is one of these written `as const`, which is what
 * lets the SDK type config keys, endpoints, containers and action params for the author.
 */

/** Config option types Juju knows (`string` when missing). */
export type ConfigOptionType = 'string' | 'int' | 'float' | 'boolean' | 'secret';

export interface ConfigOptionMeta {
  readonly type: ConfigOptionType;
  readonly description?: string;
  readonly default?: string | number | boolean;
}

/** `global` (default) or `container` (subordinates). */
export type RelationScope = 'global' | 'container';
export type RelationRole = 'requires' | 'provides' | 'peers';

export interface RelationMeta {
  readonly interface: string;
  readonly limit?: number;
  readonly optional?: boolean;
  readonly scope?: RelationScope;
  readonly description?: string;
}

export interface ContainerMountMeta {
  readonly storage: string;
  readonly location?: string;
}

export interface ContainerMeta {
  readonly resource?: string;
  readonly mounts?: readonly ContainerMountMeta[];
  readonly uid?: number;
  readonly gid?: number;
  readonly bases?: readonly unknown[];
}

export type StorageType = 'filesystem' | 'block';

export interface StorageMeta {
  readonly type: StorageType;
  readonly description?: string;
  readonly location?: string;
  readonly shared?: boolean;
  readonly readOnly?: boolean;
  /** `multiple.range`: `m`, `m-n`, `m+` or `m-`. */
  readonly multiple?: string;
  readonly minimumSize?: string;
  readonly properties?: readonly string[];
}

export type ResourceType = 'file' | 'oci-image';

export interface ResourceMeta {
  readonly type: ResourceType;
  readonly filename?: string;
  readonly description?: string;
  readonly upstreamSource?: string;
}

/** A JSON-Schema (draft 4 subset) describing one action parameter. */
export interface ParamSchema {
  readonly type?:
    'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null' | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: ParamSchema;
  readonly properties?: Readonly<Record<string, ParamSchema>>;
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

export interface ActionMeta {
  readonly description?: string;
  readonly params: Readonly<Record<string, ParamSchema>>;
  readonly required: readonly string[];
  /** Default false (juju/charm v13+). */
  readonly additionalProperties: boolean;
  readonly parallel?: boolean;
  readonly executionGroup?: string;
}

export type CharmUser = 'root' | 'sudoer' | 'non-root';

/** A charm's whole metadata, normalised. Keys keep Juju's names for endpoints, options, etc. */
export interface CharmMeta {
  readonly name: string;
  readonly summary?: string;
  readonly description?: string;
  readonly subordinate?: boolean;
  readonly requires: Readonly<Record<string, RelationMeta>>;
  readonly provides: Readonly<Record<string, RelationMeta>>;
  readonly peers: Readonly<Record<string, RelationMeta>>;
  readonly extraBindings?: Readonly<Record<string, null>>;
  readonly containers: Readonly<Record<string, ContainerMeta>>;
  readonly storage: Readonly<Record<string, StorageMeta>>;
  readonly resources: Readonly<Record<string, ResourceMeta>>;
  readonly devices?: Readonly<Record<string, unknown>>;
  readonly assumes?: readonly unknown[];
  readonly charmUser?: CharmUser;
  readonly terms?: readonly string[];
  readonly config: Readonly<Record<string, ConfigOptionMeta>>;
  readonly actions: Readonly<Record<string, ActionMeta>>;
}
