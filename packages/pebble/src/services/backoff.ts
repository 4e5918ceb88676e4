/**
 * @module Pebble's restart backoff (pebble-api.md §3.5): the first delay is `backoff-delay`,
 * each next one is multiplied by `backoff-factor` up to `backoff-limit`, and the wait adds up
 * to 10% jitter. Pure, so the sequence is tested without a clock.
 */

export interface BackoffConfig {
  readonly delayMs: number;
  readonly factor: number;
  readonly limitMs: number;
}

/** The next backoff time after `previousMs` (0 = first failure). */
export function nextBackoff(previousMs: number, config: BackoffConfig): number {
  return previousMs === 0 ? config.delayMs : Math.min(previousMs * config.factor, config.limitMs);
}

/** How long to wait before restarting: the backoff plus jitter in [0, 10%). */
export function backoffWait(backoffMs: number, random: () => number = Math.random): number {
  return backoffMs + random() * 0.1 * backoffMs;
}
