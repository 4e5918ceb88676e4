/**
 * @module What route handlers can reach: the managers of one daemon. Handlers stay thin —
 * parse, call one manager method, render (STYLE.md §2.4).
 */
import type { CheckManager } from './checks/check-manager.ts';
import type { ExecManager } from './exec/exec-manager.ts';
import type { IdentityStore } from './identities/identity-store.ts';
import type { PlanManager } from './plan/plan-manager.ts';
import type { ServiceManager } from './services/service-manager.ts';
import type { State } from './state/state.ts';
import type { TaskRunner } from './state/task-runner.ts';

export interface DaemonInfo {
  readonly bootId: string;
  readonly version: string;
  httpAddress?: string;
}

export interface DaemonContext {
  readonly state: State;
  readonly runner: TaskRunner;
  readonly plans: PlanManager;
  readonly services: ServiceManager;
  readonly checks: CheckManager;
  readonly exec: ExecManager;
  readonly identities: IdentityStore;
  readonly info: DaemonInfo;
  /** UID attributed to unix-socket clients (the daemon's own; see server.ts). */
  readonly uid: number;
}
