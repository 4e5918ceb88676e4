/**
 * @module A fresh controller per test, on a temp state directory with a model named `test`,
 * stopped after it: `const ctl = withController('charmkit-x-')`, then `ctl.current` in tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { executeTool } from '../src/agent/call-executor.ts';
import { Controller } from '../src/controller.ts';

export function withController(prefix: string): { readonly current: Controller } {
  const holder: { current: Controller } = { current: undefined as unknown as Controller };
  beforeEach(async () => {
    holder.current = await Controller.start({
      stateDir: mkdtempSync(join(tmpdir(), prefix)),
      execute: executeTool,
    });
    holder.current.ops.createModel('test');
  });
  afterEach(() => holder.current.stop());
  return holder;
}
