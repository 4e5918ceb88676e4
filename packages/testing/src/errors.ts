/**
 * @module What `ctx.run` throws: the charm's own error (with its stack), a failed action
 * (with the state it left), or a test state that could never happen under Juju.
 */
import type { State } from './state.ts';

/** Charm code threw. `cause` is the original error; the stack is the charm's. */
export class UncaughtCharmError extends Error {
  constructor(cause: unknown) {
    const inner = cause instanceof Error ? cause : new Error(String(cause));
    super(`Uncaught ${inner.name} in charm code: ${inner.message}`, { cause: inner });
    this.name = 'UncaughtCharmError';
    this.stack = `${this.name}: ${this.message}\n${(inner.stack ?? '').split('\n').slice(1).join('\n')}`;
  }
}

/** The action called `fail()`. `state` is the output state; results and logs are on the Context. */
export class ActionFailed extends Error {
  readonly state: State;
  constructor(message: string, state: State) {
    super(message);
    this.name = 'ActionFailed';
    this.state = state;
  }
}

/** The input state or event contradicts the metadata or Juju's rules; lists every problem. */
export class InconsistentStateError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`inconsistent test state:\n- ${problems.join('\n- ')}`);
    this.name = 'InconsistentStateError';
    this.problems = problems;
  }
}
