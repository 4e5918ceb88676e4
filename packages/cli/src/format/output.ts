/**
 * @module Machine-readable output: `--format json` is one compact line (as juju prints it),
 * `--format yaml` a YAML document.
 */
import { stringifyYaml } from '../yaml.ts';

export type Format = 'json' | 'yaml' | 'tabular' | 'plain' | 'smart';

/** Renders `value` as juju's `--format json|yaml` would. */
export function render(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(value)}\n` : stringifyYaml(value);
}
