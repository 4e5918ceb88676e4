/**
 * @module Type-level views of a {@link CharmMeta} written `as const`: config values,
 * endpoint, container, storage and action names, and action params. A typo in any of
 * them is a compile error in the charm.
 */
import type { ActionMeta, CharmMeta, ConfigOptionMeta, ParamSchema } from './types.ts';
import type { Secret } from '../model/secret.ts';

type StringKeys<T> = Extract<keyof T, string>;

/** The endpoint names a charm declares (requires, provides, peers). */
export type EndpointName<M extends CharmMeta> =
  StringKeys<M['requires']> | StringKeys<M['provides']> | StringKeys<M['peers']>;
/** Peer endpoint names. */
export type PeerEndpointName<M extends CharmMeta> = StringKeys<M['peers']>;
/** Container names from `containers:`. */
export type ContainerName<M extends CharmMeta> = StringKeys<M['containers']>;
/** Storage names from `storage:`. */
export type StorageName<M extends CharmMeta> = StringKeys<M['storage']>;
/** Resource names from `resources:`. */
export type ResourceName<M extends CharmMeta> = StringKeys<M['resources']>;
/** Action names from `actions:`. */
export type ActionName<M extends CharmMeta> = StringKeys<M['actions']>;
/** Config option names. */
export type ConfigKey<M extends CharmMeta> = StringKeys<M['config']>;

/** The TypeScript type of one config option's value. */
export type ConfigValue<O extends ConfigOptionMeta> = O['type'] extends 'int' | 'float'
  ? number
  : O['type'] extends 'boolean'
    ? boolean
    : O['type'] extends 'secret'
      ? Secret
      : string;

type HasDefault<O> = O extends { readonly default: string | number | boolean } ? true : false;

/**
 * The typed config object: options with a default are always present, the others may be
 * undefined. A `secret` option resolves to a {@link Secret}.
 */
export type ConfigOf<M extends CharmMeta> = {
  readonly [K in ConfigKey<M> as HasDefault<M['config'][K]> extends true ? K : never]: ConfigValue<
    M['config'][K]
  >;
} & {
  readonly [K in ConfigKey<M> as HasDefault<M['config'][K]> extends true ? never : K]?: ConfigValue<
    M['config'][K]
  >;
};

/** The TypeScript type a JSON-Schema parameter describes. */
export type ParamValue<S extends ParamSchema> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S['type'] extends 'string'
    ? string
    : S['type'] extends 'integer' | 'number'
      ? number
      : S['type'] extends 'boolean'
        ? boolean
        : S['type'] extends 'array'
          ? S extends { readonly items: infer I extends ParamSchema }
            ? ParamValue<I>[]
            : unknown[]
          : S['type'] extends 'object'
            ? S extends {
                readonly properties: infer P extends Readonly<Record<string, ParamSchema>>;
              }
              ? ObjectParams<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
              : Record<string, unknown>
            : unknown;

type ObjectParams<P extends Readonly<Record<string, ParamSchema>>, R> = {
  readonly [
    K in StringKeys<P> as K extends R ? K : P[K] extends { readonly default: unknown } ? K : never
  ]: ParamValue<P[K]>;
} & {
  readonly [
    K in StringKeys<P> as K extends R
      ? never
      : P[K] extends { readonly default: unknown }
        ? never
        : K
  ]?: ParamValue<P[K]>;
};

/** The params object of one action: required params and params with defaults are present. */
export type ActionParams<
  M extends CharmMeta,
  A extends ActionName<M>,
> = M['actions'][A] extends ActionMeta
  ? ObjectParams<M['actions'][A]['params'], M['actions'][A]['required'][number]>
  : never;
