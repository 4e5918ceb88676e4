/**
 * @module A model's settings, kept as one JSON object in its row: model config
 * (`juju model-config`, validated keys with Juju's defaults) and model constraints
 * (`juju set-model-constraints`, under a key of their own that no config key can be).
 */
import { parseDuration } from '@charmkit/ops/pebble';
import type { Store } from '../store/database.ts';
import { parseConstraints } from './constraints.ts';
import type { Constraints } from './constraints.ts';
import { ControllerError } from './errors.ts';

/** Where model constraints live in a model's stored config (not a config key). */
const CONSTRAINTS_KEY = '#constraints';

/** Model config keys Charmkit understands, with Juju's defaults. */
export const MODEL_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'update-status-hook-interval': '5m',
  'automatically-retry-hooks': 'true',
};

function stored(store: Store, model: string): Record<string, unknown> {
  const row = store.get<{ config: string }>('SELECT config FROM models WHERE uuid = ?', model);
  return row ? (JSON.parse(row.config) as Record<string, unknown>) : {};
}

function save(store: Store, model: string, settings: Record<string, unknown>): void {
  store.run('UPDATE models SET config = ? WHERE uuid = ?', JSON.stringify(settings), model);
}

/** Model config: the validated keys, defaults filled in. */
export function modelConfig(store: Store, model: string): Record<string, string> {
  const { [CONSTRAINTS_KEY]: _, ...config } = stored(store, model);
  return { ...MODEL_CONFIG_DEFAULTS, ...(config as Record<string, string>) };
}

/** Sets `values` (known keys only; `*-interval` keys must be durations), then unsets `reset`. */
export function setModelConfig(
  store: Store,
  model: string,
  change: { values: Readonly<Record<string, string>>; reset: readonly string[] },
): void {
  for (const [key, value] of Object.entries(change.values)) {
    if (!(key in MODEL_CONFIG_DEFAULTS))
      throw new ControllerError('invalid', `unknown model config key "${key}"`);
    if (key.endsWith('-interval')) {
      try {
        parseDuration(value);
      } catch {
        throw new ControllerError('invalid', `${key}: invalid duration "${value}"`);
      }
    }
  }
  const next: Record<string, unknown> = { ...stored(store, model), ...change.values };
  for (const key of change.reset) delete next[key];
  save(store, model, next);
}

export function modelConstraints(store: Store, model: string): Constraints {
  return (stored(store, model)[CONSTRAINTS_KEY] ?? {}) as Constraints;
}

/** Replaces all of the model's constraints, as Juju does. */
export function setModelConstraints(
  store: Store,
  model: string,
  values: Readonly<Record<string, string>>,
): Constraints {
  const constraints = parseConstraints(values);
  save(store, model, { ...stored(store, model), [CONSTRAINTS_KEY]: constraints });
  return constraints;
}
