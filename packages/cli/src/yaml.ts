/**
 * @module YAML, loaded on first use: every verb pays at startup for what it imports, and
 * most calls (`status --format json` from jubilant) never touch YAML.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

type YamlModule = typeof Yaml;

let loaded: YamlModule | undefined;

function yaml(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}

/** `yaml.parse`, loaded lazily. */
export function parseYaml(text: string): unknown {
  return yaml().parse(text) as unknown;
}

/** `yaml.stringify`, loaded lazily. */
export function stringifyYaml(value: unknown): string {
  return yaml().stringify(value);
}
