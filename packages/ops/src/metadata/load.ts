/**
 * @module Reads a charm's metadata from `charmcraft.yaml`, or from the legacy trio
 * `metadata.yaml` + `config.yaml` + `actions.yaml` (what `charmcraft pack` renders and what
 * Juju reads from a packed charm), validates it as Juju does and normalises it into a
 * {@link CharmMeta}. Every problem names the file, the line and the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ActionMeta,
  CharmMeta,
  ConfigOptionMeta,
  ContainerMeta,
  ParamSchema,
  RelationMeta,
  ResourceMeta,
  StorageMeta,
} from './types.ts';
import { configValueFits } from './config-values.ts';
import { actionsSchema, configSchema, metadataSchema } from './schema.ts';
import type { RawActions, RawConfigFile, RawMetadata } from './schema.ts';
import { MetadataError, YamlSource } from './yaml-source.ts';
import type { YamlPath } from './yaml-source.ts';

export { MetadataError } from './yaml-source.ts';

/** File contents by name, as found in a charm directory. */
export interface MetadataFiles {
  readonly 'charmcraft.yaml'?: string;
  readonly 'metadata.yaml'?: string;
  readonly 'config.yaml'?: string;
  readonly 'actions.yaml'?: string;
}

const FILE_NAMES = ['charmcraft.yaml', 'metadata.yaml', 'config.yaml', 'actions.yaml'] as const;

/** Reads and parses the metadata files of the charm in `charmDir`. */
export function loadCharmMeta(charmDir: string): CharmMeta {
  const files: Record<string, string> = {};
  for (const name of FILE_NAMES) {
    const path = join(charmDir, name);
    if (existsSync(path)) files[name] = readFileSync(path, 'utf8');
  }
  if (files['charmcraft.yaml'] === undefined && files['metadata.yaml'] === undefined) {
    throw new MetadataError(
      { file: charmDir },
      'no charmcraft.yaml or metadata.yaml here: is this a charm directory?',
    );
  }
  return parseCharmMeta(files);
}

/**
 * Parses metadata from file contents. `metadata.yaml` wins when present (a packed charm);
 * otherwise everything comes from `charmcraft.yaml`.
 */
export function parseCharmMeta(files: MetadataFiles): CharmMeta {
  const legacy = files['metadata.yaml'];
  if (legacy !== undefined) {
    const meta = new YamlSource('metadata.yaml', legacy);
    const config = files['config.yaml'];
    const actions = files['actions.yaml'];
    return build({
      meta: { source: meta, base: [] },
      ...(config === undefined
        ? {}
        : { config: { source: new YamlSource('config.yaml', config), base: [] } }),
      ...(actions === undefined
        ? {}
        : { actions: { source: new YamlSource('actions.yaml', actions), base: [] } }),
    });
  }
  const text = files['charmcraft.yaml'];
  if (text === undefined) {
    throw new MetadataError(
      { file: 'charmcraft.yaml' },
      'missing: need charmcraft.yaml or metadata.yaml',
    );
  }
  const source = new YamlSource('charmcraft.yaml', text);
  const top = (source.data ?? {}) as Record<string, unknown>;
  return build({
    meta: { source, base: [] },
    ...(top.config === undefined ? {} : { config: { source, base: ['config'] } }),
    ...(top.actions === undefined ? {} : { actions: { source, base: ['actions'] } }),
  });
}

interface Section {
  readonly source: YamlSource;
  readonly base: YamlPath;
}

function at(section: Section): unknown {
  let value = section.source.data;
  for (const key of section.base) value = (value as Record<string | number, unknown>)[key];
  return value ?? {};
}

function build(sections: { meta: Section; config?: Section; actions?: Section }): CharmMeta {
  const { meta: metaSection } = sections;
  const src = metaSection.source;
  if (src.data === null || typeof src.data !== 'object' || Array.isArray(src.data)) {
    throw src.error([], 'expected a mapping of metadata keys at the top level');
  }
  const raw = src.validate(metadataSchema, src.data);
  checkMetadata(src, raw);
  const config = sections.config
    ? sections.config.source.validate(configSchema, at(sections.config), sections.config.base)
    : { options: {} };
  const configMeta = normaliseConfig(sections.config, config);
  const actions = sections.actions
    ? sections.actions.source.validate(actionsSchema, at(sections.actions), sections.actions.base)
    : {};
  return {
    name: raw.name,
    ...(raw.summary === undefined ? {} : { summary: raw.summary }),
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(raw.subordinate ? { subordinate: true } : {}),
    requires: normaliseRelations(raw.requires),
    provides: normaliseRelations(raw.provides),
    peers: normaliseRelations(raw.peers),
    ...(raw['extra-bindings'] ? { extraBindings: raw['extra-bindings'] } : {}),
    containers: normaliseContainers(raw.containers),
    storage: normaliseStorage(raw.storage),
    resources: normaliseResources(raw.resources),
    ...(raw.devices ? { devices: raw.devices } : {}),
    ...(raw.assumes ? { assumes: raw.assumes } : {}),
    ...(raw['charm-user'] ? { charmUser: raw['charm-user'] } : {}),
    ...(raw.terms ? { terms: raw.terms } : {}),
    config: configMeta,
    actions: normaliseActions(sections.actions, actions),
  };
}

/** Juju's cross-key rules (meta.go): v1/v2 mixing, juju- names, subordinates, references. */
function checkMetadata(src: YamlSource, raw: RawMetadata): void {
  const v1 = (['series', 'deployment', 'min-juju-version'] as const).find(
    (k) => raw[k] !== undefined,
  );
  const v2 = (['containers', 'assumes', 'charm-user'] as const).find((k) => raw[k] !== undefined);
  if (v1 && v2) {
    throw src.error([v1], `cannot be used together with "${v2}" (format v1 and v2 keys are mixed)`);
  }
  checkReservedNames(src, raw);
  if (raw.subordinate) {
    const ok = Object.values(raw.requires ?? {}).some(
      (r) => typeof r !== 'string' && r.scope === 'container',
    );
    if (!ok) {
      throw src.error(
        ['subordinate'],
        'a subordinate charm needs a "requires" relation with scope: container',
      );
    }
  }
  checkContainers(src, raw);
}

/** Relation and interface names may not start with `juju-` (but subordinates may require them). */
function checkReservedNames(src: YamlSource, raw: RawMetadata): void {
  for (const role of ['requires', 'provides', 'peers'] as const) {
    for (const [endpoint, rel] of Object.entries(raw[role] ?? {})) {
      const iface = typeof rel === 'string' ? rel : rel.interface;
      const scope = typeof rel === 'string' ? 'global' : (rel.scope ?? 'global');
      const allowed = role === 'requires' && raw.subordinate === true && scope === 'container';
      if (!allowed && (endpoint.startsWith('juju-') || iface.startsWith('juju-'))) {
        throw src.error([role, endpoint], 'names starting with "juju-" are reserved for Juju');
      }
    }
  }
}

/** A container's resource must be an oci-image resource; its mounts must name storage. */
function checkContainers(src: YamlSource, raw: RawMetadata): void {
  for (const [name, container] of Object.entries(raw.containers ?? {})) {
    const resource = container.resource;
    if (resource !== undefined && raw.resources?.[resource]?.type !== 'oci-image') {
      throw src.error(
        ['containers', name, 'resource'],
        `found "${resource}", expected the name of an oci-image resource under "resources"`,
      );
    }
    (container.mounts ?? []).forEach((mount, i) => {
      if (raw.storage?.[mount.storage] === undefined) {
        throw src.error(
          ['containers', name, 'mounts', i, 'storage'],
          `found "${mount.storage}", expected the name of a storage under "storage"`,
        );
      }
    });
  }
}

function normaliseRelations(raw: RawMetadata['requires']): Record<string, RelationMeta> {
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([name, rel]) => {
      if (typeof rel === 'string') return [name, { interface: rel }];
      return [name, stripUndefined({ ...rel })];
    }),
  );
}

function normaliseContainers(raw: RawMetadata['containers']): Record<string, ContainerMeta> {
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([n, c]) => [n, stripUndefined({ ...c })]),
  );
}

function normaliseStorage(raw: RawMetadata['storage']): Record<string, StorageMeta> {
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([name, s]) => [
      name,
      stripUndefined({
        type: s.type,
        description: s.description,
        location: s.location,
        shared: s.shared,
        readOnly: s['read-only'],
        multiple: s.multiple?.range,
        minimumSize: s['minimum-size'],
        properties: s.properties,
      }),
    ]),
  );
}

function normaliseResources(raw: RawMetadata['resources']): Record<string, ResourceMeta> {
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([name, r]) => [
      name,
      stripUndefined({
        type: r.type,
        filename: r.filename,
        description: r.description,
        upstreamSource: r['upstream-source'],
      }),
    ]),
  );
}

/** Checks each default against its type, as Juju does when it reads config.yaml. */
function normaliseConfig(
  section: Section | undefined,
  raw: RawConfigFile,
): Record<string, ConfigOptionMeta> {
  const out: Record<string, ConfigOptionMeta> = {};
  for (const [name, option] of Object.entries(raw.options ?? {})) {
    const type = option.type ?? 'string';
    const value = option.default;
    if (value !== undefined && value !== null && !configValueFits(type, value)) {
      throw section!.source.error(
        [...section!.base, 'options', name, 'default'],
        `found ${JSON.stringify(value)}, expected a default of type ${type}`,
      );
    }
    out[name] = stripUndefined({
      type,
      description: option.description,
      default: value === null ? undefined : value,
    });
  }
  return out;
}

function normaliseActions(
  section: Section | undefined,
  raw: RawActions,
): Record<string, ActionMeta> {
  const out: Record<string, ActionMeta> = {};
  for (const [name, action] of Object.entries(raw)) {
    const params = (action?.params ?? {}) as Record<string, ParamSchema>;
    const required = action?.required ?? [];
    required.forEach((param, i) => {
      if (params[param] === undefined) {
        throw section!.source.error(
          [...section!.base, name, 'required', i],
          `found "${param}", expected the name of a parameter under "params"`,
        );
      }
    });
    out[name] = stripUndefined({
      description: action?.description,
      params,
      required,
      additionalProperties: action?.additionalProperties ?? false,
      parallel: action?.parallel,
      executionGroup: action?.['execution-group'],
    });
  }
  return out;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
