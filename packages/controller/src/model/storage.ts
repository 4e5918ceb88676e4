/**
 * @module Units' storage instances (`storage:` in charm metadata): directories under the
 * controller's storage root, named `<name>/<n>` as Juju numbers them per model.
 */
import { join } from 'node:path';
import type { CharmMeta } from '@charmkit/ops';
import type { Store } from '../store/database.ts';
import type { StorageInstance } from './types.ts';

/** Storage instances per unit. */
export function storageByUnit(store: Store, model: string): Map<string, StorageInstance[]> {
  const out = new Map<string, StorageInstance[]>();
  const rows = store.all<{
    id: string;
    unit: string;
    name: string;
    kind: string;
    location: string;
  }>(
    'SELECT id, unit, name, kind, location FROM storage_instances WHERE model_uuid = ? ORDER BY id',
    model,
  );
  for (const row of rows) {
    const instance = {
      id: row.id,
      name: row.name,
      kind: row.kind as StorageInstance['kind'],
      location: row.location,
    };
    out.set(row.unit, [...(out.get(row.unit) ?? []), instance]);
  }
  return out;
}

/** Each storage the charm declares gets its minimum count of instances on a new unit. */
export function addUnitStorage(
  store: Store,
  where: { model: string; unit: string; root: string },
  meta: CharmMeta,
): void {
  const { model, unit, root } = where;
  for (const [name, storage] of Object.entries(meta.storage)) {
    const count = Math.max(1, Number.parseInt(storage.multiple ?? '1', 10) || 1);
    for (let i = 0; i < count; i++) {
      const n = store.next(model, `storage:${name}`, 0);
      store.run(
        'INSERT INTO storage_instances (model_uuid, id, unit, name, kind, location) VALUES (?, ?, ?, ?, ?, ?)',
        model,
        `${name}/${n}`,
        unit,
        name,
        storage.type,
        join(root, model, `${name}-${n}`),
      );
    }
  }
}
