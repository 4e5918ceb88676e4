/**
 * @module Hooks the clock makes due rather than a client: the automatic retry of failed hooks
 * (`automatically-retry-hooks`) and the update-status timer. Both only mark units; the
 * resolver runs the hooks.
 */
import type { Store } from '../store/database.ts';
import { modelConfig } from './model-settings.ts';
import type { Repository } from './repository.ts';

/** Failed hooks whose automatic retry is due run again; whether any did. */
export function retryFailedHooks(repo: Repository, model: string, now = Date.now()): boolean {
  const store: Store = repo.store;
  if (modelConfig(store, model)['automatically-retry-hooks'] === 'false') return false;
  let retried = false;
  store.transaction(() => {
    for (const unit of repo.units(model)) {
      const error = unit.local.hookError;
      if (!error?.retryAt || Date.parse(error.retryAt) > now) continue;
      const { hookError: _, ...rest } = unit.local;
      repo.setLocalState(model, unit.name, { ...rest, hookRetries: (error.retries ?? 0) + 1 });
      retried = true;
    }
  });
  return retried;
}

/** The update-status timer ticked: every idle, started unit owes an update-status. */
export function scheduleUpdateStatus(repo: Repository, model: string): void {
  repo.store.transaction(() => {
    for (const unit of repo.units(model)) {
      const local = unit.local;
      if (unit.life !== 'alive' || !local.started || local.hookError || local.updateStatusDue)
        continue;
      repo.setLocalState(model, unit.name, { ...local, updateStatusDue: true });
    }
  });
}
