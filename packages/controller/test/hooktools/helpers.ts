/** @module Test helpers: a fake hook env with in-memory files and stdin. */
import type { ToolEnv } from '../../src/hooktools/index.ts';

export const NOW = Date.UTC(2025, 0, 1, 0, 0, 0);
export const SECRET = 'secret:cs0123456789abcdefgh';
export const UUID = 'deadbeef-0bad-400d-8000-4b1d0d06f00d';

export function env(
  over: Partial<ToolEnv> & { files?: Record<string, string>; input?: string } = {},
): ToolEnv {
  const { files = {}, input = '', ...rest } = over;
  return {
    stdin: () => input,
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`open ${path}: no such file or directory`);
      return content;
    },
    now: () => NOW,
    ...rest,
  };
}

/** The env of `db-relation-changed` in ops-protocol.md §2.6. */
export const relationHook = (
  over: Partial<ToolEnv> & { files?: Record<string, string>; input?: string } = {},
): ToolEnv => env({ relationId: 'db:3', remoteUnit: 'remote/0', remoteApp: 'remote', ...over });
