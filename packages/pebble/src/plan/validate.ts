/**
 * @module Combined-plan validation (pebble-api.md §2.2 `Plan.Validate`): commands, check
 * kinds, log targets and before/after cycles. Every failure is a `FormatError` (HTTP 400).
 */
import { FormatError } from '../errors.ts';
import { parseServiceCommand, splitWords } from '../util/shlex.ts';
import { orderServices } from './order.ts';
import type { Plan } from './types.ts';

const q = (s: string): string => JSON.stringify(s);

function validateServices(plan: Plan): void {
  for (const [name, service] of Object.entries(plan.services)) {
    if (!service.command)
      throw new FormatError(`plan must define "command" for service ${q(name)}`);
    try {
      splitWords(service.command);
    } catch (err) {
      throw new FormatError(
        `plan service ${q(name)} command invalid: cannot parse service ${q(name)} command: ${(err as Error).message}`,
      );
    }
    try {
      parseServiceCommand(service.command);
    } catch (err) {
      throw new FormatError(`plan service ${q(name)} command invalid: ${(err as Error).message}`);
    }
  }
}

function validateChecks(plan: Plan): void {
  for (const [name, check] of Object.entries(plan.checks)) {
    const kinds = [check.http, check.tcp, check.exec].filter((k) => k !== undefined).length;
    if (kinds === 0) {
      throw new FormatError(
        `plan must specify one of "http", "tcp", or "exec" for check ${q(name)}`,
      );
    }
    if (kinds > 1) {
      throw new FormatError(
        `plan must specify only one of "http", "tcp", or "exec" for check ${q(name)}`,
      );
    }
    if (check.period === 0) throw new FormatError(`plan check ${q(name)} period must not be zero`);
    if (check.timeout === 0)
      throw new FormatError(`plan check ${q(name)} timeout must not be zero`);
    if (check.http && !check.http.url) {
      throw new FormatError(`plan must set "url" for http check ${q(name)}`);
    }
    if (check.tcp && !check.tcp.port) {
      throw new FormatError(`plan must set "port" for tcp check ${q(name)}`);
    }
    if (check.exec) {
      if (!check.exec.command)
        throw new FormatError(`plan must set "command" for exec check ${q(name)}`);
      const ctx = check.exec['service-context'];
      if (ctx && !plan.services[ctx]) {
        throw new FormatError(
          `plan check ${q(name)} service context specifies non-existent service ${q(ctx)}`,
        );
      }
    }
  }
}

function validateLogTargets(plan: Plan): void {
  for (const [name, target] of Object.entries(plan['log-targets'])) {
    if (!target.type) {
      throw new FormatError(
        `plan must define "type" ("loki", "opentelemetry" or "syslog") for log target ${q(name)}`,
      );
    }
    if (!target.location)
      throw new FormatError(`plan must define "location" for log target ${q(name)}`);
    for (const entry of target.services ?? []) {
      const svc = entry.startsWith('-') ? entry.slice(1) : entry;
      if (svc === 'all') continue;
      if (!plan.services[svc]) {
        throw new FormatError(`log target ${q(name)} specifies unknown service ${q(svc)}`);
      }
    }
    for (const label of Object.keys(target.labels ?? {})) {
      if (label.startsWith('pebble_')) {
        throw new FormatError(
          `log target ${q(name)}: label ${q(label)} uses reserved prefix "pebble_"`,
        );
      }
    }
  }
}

/** Validates a combined plan; throws `FormatError`. */
export function validatePlan(plan: Plan): void {
  validateServices(plan);
  validateChecks(plan);
  validateLogTargets(plan);
  orderServices(plan, Object.keys(plan.services));
}
