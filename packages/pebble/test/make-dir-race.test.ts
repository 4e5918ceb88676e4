/**
 * Directory creation when several creators race for the same path: units that share a host
 * directory each have a Pebble creating it at the same moment (a regression: one of them
 * failed with `mkdir <path>.mkdir-new: file exists`).
 */
import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirAll } from '../src/files/owner.ts';

describe('makeDirAll', () => {
  it('lets many creators of one directory all succeed, leaving nothing behind', async () => {
    for (let round = 0; round < 20; round++) {
      const root = mkdtempSync(join(tmpdir(), 'pebble-race-'));
      const target = join(root, 'srv', 'www');
      await Promise.all(Array.from({ length: 8 }, () => makeDirAll(target, 0o755, {})));
      expect(statSync(target).isDirectory()).toBe(true);
      expect(readdirSync(root)).toEqual(['srv']);
      expect(readdirSync(join(root, 'srv'))).toEqual(['www']);
    }
  });

  it('never swaps a directory out from under a creator making entries in it', async () => {
    // A regression seen on CI: one creator renamed its copy of `srv` over another's empty one
    // while a third was making `srv/www` inside the old one (ENOENT from a dead directory).
    for (let round = 0; round < 300; round++) {
      const root = mkdtempSync(join(tmpdir(), 'pebble-swap-'));
      const targets = [
        join(root, 'srv', 'www'),
        join(root, 'srv', 'www', 'a'),
        join(root, 'srv', 'x'),
      ];
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => makeDirAll(targets[i % 3]!, 0o755, {})),
      );
      for (const target of targets) expect(statSync(target).isDirectory()).toBe(true);
      expect(readdirSync(join(root, 'srv')).sort()).toEqual(['www', 'x']);
    }
  });

  it('is not blocked by a half-made directory a crashed creator left', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pebble-stale-'));
    mkdirSync(join(root, 'data.mkdir-new'));
    await makeDirAll(join(root, 'data'), 0o700, {});
    expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700);
  });
});
