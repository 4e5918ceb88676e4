/** Pebble's restart backoff sequence, without a clock (pebble-api.md §3.5). */
import { describe, expect, it } from 'vitest';
import { backoffWait, nextBackoff } from '../src/services/backoff.ts';

const defaults = { delayMs: 500, factor: 2, limitMs: 30_000 };

describe('backoff', () => {
  it('goes 0.5 s, 1 s, 2 s … and stays at the 30 s limit', () => {
    const seen: number[] = [];
    let current = 0;
    for (let i = 0; i < 9; i++) {
      current = nextBackoff(current, defaults);
      seen.push(current);
    }
    expect(seen).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('honours backoff-delay, backoff-factor and backoff-limit', () => {
    const config = { delayMs: 1000, factor: 1.5, limitMs: 2000 };
    expect(nextBackoff(0, config)).toBe(1000);
    expect(nextBackoff(1000, config)).toBe(1500);
    expect(nextBackoff(1500, config)).toBe(2000);
  });

  it('starts over after a reset (the service stayed up for backoff-limit)', () => {
    expect(nextBackoff(0, defaults)).toBe(500);
  });

  it('adds up to 10% jitter to the wait', () => {
    expect(backoffWait(1000, () => 0)).toBe(1000);
    expect(backoffWait(1000, () => 0.999)).toBeCloseTo(1099.9);
  });
});
