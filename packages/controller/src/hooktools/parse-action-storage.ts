/**
 * @module Parsers for the action tools (`action-get/-set/-log/-fail`), the storage tools
 * (`storage-list/-get/-add`) and the charm-state tools (`state-get/-set/-delete`), following the
 * matching `jujuc/*.go` (action-set key rules, `storage-get -s` defaulting to `JUJU_STORAGE_ID`,
 * `state-set --file -` read as a YAML map of strings).
 */
import type {
  ActionFailCall,
  ActionGetCall,
  ActionLogCall,
  ActionSetCall,
  StateDeleteCall,
  StateGetCall,
  StateSetCall,
  StorageAddCall,
  StorageGetCall,
  StorageListCall,
  ToolEnv,
} from './calls.ts';
import { ToolUsageError, checkEmpty, flagBool, flagString, goQuote } from './flags.ts';
import {
  outputFlags,
  parseKeyValues,
  parseSpec,
  readFileVar,
  readOutput,
  readStringMap,
} from './parse-common.ts';
import type { ToolSpec } from './parse-common.ts';

const STORAGE_ID = /^[a-z][a-z0-9-]*\/(?:0|[1-9][0-9]*)$/;

export const ACTION_STORAGE_SPECS = {
  'action-get': {
    name: 'action-get',
    args: '[<key>[.<key>.<key>...]]',
    purpose: 'Get action parameters.',
    flags: outputFlags('smart'),
  },
  'action-set': {
    name: 'action-set',
    args: '<key>=<value> [<key>=<value> ...]',
    purpose: 'Set action results.',
    flags: [],
  },
  'action-log': {
    name: 'action-log',
    args: '<message>',
    purpose: 'Record a progress message for the current action.',
    flags: [],
  },
  'action-fail': {
    name: 'action-fail',
    args: '["<failure message>"]',
    purpose: 'Set action fail status with message.',
    flags: [],
  },
  'storage-list': {
    name: 'storage-list',
    args: '[<storage-name>]',
    purpose: 'List storage attached to the unit.',
    flags: outputFlags('smart'),
  },
  'storage-get': {
    name: 'storage-get',
    args: '[<key>]',
    purpose: 'print information for storage instance with specified id',
    details: 'When no <key> is supplied, all keys values are printed.',
    flags: [
      ...outputFlags('smart'),
      {
        names: ['s'],
        kind: 'value',
        usage: 'specify a storage instance by id',
        set: (raw: string) => {
          if (!STORAGE_ID.test(raw)) throw new Error(`invalid storage ID ${goQuote(raw)}`);
          return raw;
        },
      },
    ],
  },
  'storage-add': {
    name: 'storage-add',
    args: '<charm storage name>[=count] ...',
    purpose: 'Add storage instances.',
    flags: [],
  },
  'state-get': {
    name: 'state-get',
    args: '[<key>]',
    purpose: 'Print server-side-state value.',
    flags: [
      ...outputFlags('smart'),
      {
        names: ['strict'],
        kind: 'bool',
        usage: 'Return an error if the requested key does not exist',
      },
    ],
  },
  'state-set': {
    name: 'state-set',
    args: 'key=value [key=value ...]',
    purpose: 'Set server-side-state values.',
    flags: [{ names: ['file'], kind: 'value', usage: 'file containing key-value pairs' }],
  },
  'state-delete': {
    name: 'state-delete',
    args: '<key>',
    purpose: 'Delete server-side-state key value pair.',
    flags: [],
  },
} satisfies Record<string, ToolSpec>;

export function parseActionGet(argv: readonly string[], _env: ToolEnv): ActionGetCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['action-get'], argv);
  const [first, ...rest] = parsed.args;
  if (first !== undefined) checkEmpty(rest);
  return {
    tool: 'action-get',
    keys: first === undefined ? [] : first.split('.'),
    ...readOutput(parsed, 'smart'),
  };
}

/** One dotted key segment of `action-set` (Juju's action name rule: lowercase alnum and `-`). */
const ACTION_KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESERVED_KEYS = ['stdout', 'stdout-encoding', 'stderr', 'stderr-encoding'];

export function parseActionSet(argv: readonly string[], _env: ToolEnv): ActionSetCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['action-set'], argv);
  const results = parsed.args.map((arg) => {
    const eq = arg.indexOf('=');
    if (eq < 0)
      throw new ToolUsageError(`argument ${goQuote(arg)} must be of the form key...=value`);
    const path = arg.slice(0, eq).split('.');
    for (const key of path) {
      if (!ACTION_KEY.test(key))
        throw new ToolUsageError(
          `key ${goQuote(key)} must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`,
        );
      if (RESERVED_KEYS.includes(key))
        throw new ToolUsageError(`cannot set reserved action key "${key}"`);
    }
    return { path, value: arg.slice(eq + 1) };
  });
  return { tool: 'action-set', results };
}

export function parseActionLog(argv: readonly string[], _env: ToolEnv): ActionLogCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['action-log'], argv);
  if (parsed.args.length === 0) throw new ToolUsageError('no message specified');
  return { tool: 'action-log', message: parsed.args.join(' ') };
}

export const DEFAULT_FAIL_MESSAGE = 'action failed without reason given, check action for errors';

export function parseActionFail(argv: readonly string[], _env: ToolEnv): ActionFailCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['action-fail'], argv);
  const [message, ...rest] = parsed.args;
  if (message === undefined) return { tool: 'action-fail', message: DEFAULT_FAIL_MESSAGE };
  checkEmpty(rest);
  return { tool: 'action-fail', message };
}

export function parseStorageList(argv: readonly string[], _env: ToolEnv): StorageListCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['storage-list'], argv);
  const [name, ...rest] = parsed.args;
  checkEmpty(rest);
  return {
    tool: 'storage-list',
    ...(name !== undefined && name !== '' ? { name } : {}),
    ...readOutput(parsed, 'smart'),
  };
}

export function parseStorageGet(argv: readonly string[], env: ToolEnv): StorageGetCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['storage-get'], argv);
  const storageId = flagString(parsed, 's') ?? env.storageId ?? '';
  if (storageId === '') throw new ToolUsageError('no storage instance specified');
  const [key, ...rest] = parsed.args;
  checkEmpty(rest);
  return {
    tool: 'storage-get',
    storageId,
    ...(key !== undefined && key !== '' ? { key } : {}),
    ...readOutput(parsed, 'smart'),
  };
}

export function parseStorageAdd(argv: readonly string[], _env: ToolEnv): StorageAddCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['storage-add'], argv);
  if (parsed.args.length === 0)
    throw new ToolUsageError('storage add requires a storage directive');
  const counts: Record<string, number> = {};
  for (const kv of parsed.args) {
    const parts = kv.split('=');
    const name = parts[0] ?? '';
    if (parts.length > 2 || name === '')
      throw new ToolUsageError(`expected "name=directive" or "name", got ${goQuote(kv)}`);
    if (Object.hasOwn(counts, name))
      throw new ToolUsageError(`storage ${goQuote(name)} specified more than once`);
    const directive = parts[1] ?? '1';
    if (/^[0-9]+$/.test(directive) && Number(directive) > 0) counts[name] = Number(directive);
    else if (/^\d+(\.\d+)?[MGTPE]i?B?$/i.test(directive) || /^[a-z][a-z0-9-]*(,|$)/.test(directive))
      throw new ToolUsageError(`only count can be specified for ${goQuote(name)}`);
    else
      throw new ToolUsageError(
        `cannot parse directive for storage ${goQuote(name)}: storage directives require at least one field to be specified`,
      );
  }
  return { tool: 'storage-add', counts };
}

export function parseStateGet(argv: readonly string[], _env: ToolEnv): StateGetCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['state-get'], argv);
  const [first, ...rest] = parsed.args;
  checkEmpty(rest);
  const key = first === undefined || first === '-' || first === '' ? undefined : first;
  return {
    tool: 'state-get',
    ...(key !== undefined ? { key } : {}),
    strict: flagBool(parsed, 'strict'),
    ...readOutput(parsed, 'smart'),
  };
}

export function parseStateSet(argv: readonly string[], env: ToolEnv): StateSetCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['state-set'], argv);
  const overrides = parseKeyValues(parsed.args, true);
  const file = flagString(parsed, 'file') ?? '';
  const fromFile = file === '' ? {} : readStringMap(readFileVar(file, env));
  return { tool: 'state-set', values: { ...fromFile, ...overrides } };
}

export function parseStateDelete(argv: readonly string[], _env: ToolEnv): StateDeleteCall {
  const parsed = parseSpec(ACTION_STORAGE_SPECS['state-delete'], argv);
  const [key, ...rest] = parsed.args;
  checkEmpty(rest);
  return { tool: 'state-delete', ...(key !== undefined && key !== '' ? { key } : {}) };
}
