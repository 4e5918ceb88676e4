/**
 * @module Deleting a model's rows (`juju destroy-model`, once its units are gone): every
 * table with a `model_uuid` column, found from the schema itself so a new table cannot be
 * forgotten. One transaction: a crash leaves the model whole or gone.
 */
import type { Store } from '../store/database.ts';

export function deleteModelRows(store: Store, model: string): void {
  const tables = store
    .all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .map((t) => t.name)
    .filter((name) =>
      store
        .all<{ name: string }>('SELECT name FROM pragma_table_info(?)', name)
        .some((column) => column.name === 'model_uuid'),
    );
  store.transaction(() => {
    for (const table of tables) store.run(`DELETE FROM ${table} WHERE model_uuid = ?`, model);
    store.run('DELETE FROM models WHERE uuid = ?', model);
  });
}
