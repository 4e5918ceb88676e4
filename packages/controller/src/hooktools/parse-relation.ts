/**
 * @module Parsers for the relation tools (`relation-ids`, `relation-list`, `relation-get`,
 * `relation-set`, `relation-model-get`), following `jujuc/relation-*.go`: `-r` defaults to the
 * hook's relation, `relation-get`'s unit/app defaults to `JUJU_REMOTE_UNIT`/`JUJU_REMOTE_APP`,
 * `relation-set` merges `--file` (YAML/JSON, `-` = stdin) with `key=value` overrides.
 */
import type {
  RelationGetCall,
  RelationIdsCall,
  RelationListCall,
  RelationModelGetCall,
  RelationSetCall,
  ToolEnv,
} from './calls.ts';
import { ToolUsageError, checkEmpty, flagBool, flagString, goQuote } from './flags.ts';
import {
  isValidApplication,
  isValidUnit,
  outputFlags,
  parseKeyValues,
  parseSpec,
  readFileVar,
  readOutput,
  readStringMap,
  relationFlag,
  requireRelation,
} from './parse-common.ts';
import type { ToolSpec } from './parse-common.ts';

const APP_FLAG = (usage: string): ToolSpec['flags'][number] => ({
  names: ['app'],
  kind: 'bool',
  usage,
});

export const RELATION_SPECS = {
  'relation-ids': {
    name: 'relation-ids',
    args: '<name>',
    purpose: 'List all relation IDs for the given endpoint.',
    flags: outputFlags('smart'),
  },
  'relation-list': {
    name: 'relation-list',
    args: '',
    purpose: 'List relation units.',
    flags: [
      ...outputFlags('smart'),
      relationFlag(),
      APP_FLAG('List remote application instead of participating units'),
    ],
  },
  'relation-get': {
    name: 'relation-get',
    args: '<key> <unit id>',
    purpose: 'Get relation settings.',
    flags: [
      ...outputFlags('smart'),
      relationFlag(),
      APP_FLAG('Get the relation data for the overall application, not just a unit'),
    ],
  },
  'relation-set': {
    name: 'relation-set',
    args: 'key=value [key=value ...]',
    purpose: 'Set relation settings.',
    flags: [
      relationFlag('specify a relation by id'),
      { names: ['file'], kind: 'value', usage: 'file containing key-value pairs' },
      APP_FLAG('pick whether you are setting "application" settings or "unit" settings'),
      { names: ['format'], kind: 'value', usage: 'deprecated format flag' },
    ],
  },
  'relation-model-get': {
    name: 'relation-model-get',
    args: '',
    purpose: 'Get details about the model hosing a related application.',
    flags: [...outputFlags('smart'), relationFlag()],
  },
} satisfies Record<string, ToolSpec>;

/** The endpoint part of `JUJU_RELATION_ID` (`db:3` → `db`). */
function hookEndpoint(env: ToolEnv): string {
  const raw = env.relationId ?? '';
  const idx = raw.lastIndexOf(':');
  return idx > 0 ? raw.slice(0, idx) : '';
}

export function parseRelationIds(argv: readonly string[], env: ToolEnv): RelationIdsCall {
  const parsed = parseSpec(RELATION_SPECS['relation-ids'], argv);
  const [first, ...rest] = parsed.args;
  const endpoint = first ?? hookEndpoint(env);
  if (first === undefined && endpoint === '')
    throw new ToolUsageError('no endpoint name specified');
  checkEmpty(rest);
  return { tool: 'relation-ids', endpoint, ...readOutput(parsed, 'smart') };
}

export function parseRelationList(argv: readonly string[], env: ToolEnv): RelationListCall {
  const parsed = parseSpec(RELATION_SPECS['relation-list'], argv);
  const relation = requireRelation(parsed, argv, env);
  checkEmpty(parsed.args);
  return {
    tool: 'relation-list',
    app: flagBool(parsed, 'app'),
    ...relation,
    ...readOutput(parsed, 'smart'),
  };
}

/** Juju's `determineUnitOrAppName`. */
function target(args: string[], app: boolean, env: ToolEnv): { target: string; app: boolean } {
  const given = args.shift();
  if (given !== undefined) {
    if (app) {
      if (isValidApplication(given)) return { target: given, app };
      if (isValidUnit(given)) return { target: given.slice(0, given.indexOf('/')), app };
      return { target: '', app };
    }
    if (isValidUnit(given)) return { target: given, app };
    if (isValidApplication(given))
      throw new ToolUsageError(`expected unit name, got application name ${goQuote(given)}`);
    throw new ToolUsageError(`invalid unit name ${goQuote(given)}`);
  }
  if (app) {
    if (!env.remoteApp) throw new ToolUsageError('no unit or application specified');
    return { target: env.remoteApp, app };
  }
  if (env.remoteUnit) return { target: env.remoteUnit, app };
  if (env.remoteApp) return { target: env.remoteApp, app: true };
  throw new ToolUsageError('no unit or application specified');
}

export function parseRelationGet(argv: readonly string[], env: ToolEnv): RelationGetCall {
  const parsed = parseSpec(RELATION_SPECS['relation-get'], argv);
  const relation = requireRelation(parsed, argv, env);
  const args = [...parsed.args];
  const rawKey = args.shift();
  const key = rawKey === undefined || rawKey === '-' || rawKey === '' ? undefined : rawKey;
  const resolved = target(args, flagBool(parsed, 'app'), env);
  checkEmpty(args);
  return {
    tool: 'relation-get',
    ...resolved,
    ...(key !== undefined ? { key } : {}),
    ...relation,
    ...readOutput(parsed, 'smart'),
  };
}

export function parseRelationSet(argv: readonly string[], env: ToolEnv): RelationSetCall {
  const parsed = parseSpec(RELATION_SPECS['relation-set'], argv);
  const relation = requireRelation(parsed, argv, env);
  const overrides = parseKeyValues(parsed.args, true);
  const file = flagString(parsed, 'file');
  const fromFile = file === undefined || file === '' ? {} : readStringMap(readFileVar(file, env));
  const format = flagString(parsed, 'format');
  return {
    tool: 'relation-set',
    app: flagBool(parsed, 'app'),
    settings: { ...fromFile, ...overrides },
    ...(file !== undefined && file !== '' ? { file } : {}),
    ...relation,
    ...(format ? { deprecatedFormat: format } : {}),
  };
}

export function parseRelationModelGet(argv: readonly string[], env: ToolEnv): RelationModelGetCall {
  const parsed = parseSpec(RELATION_SPECS['relation-model-get'], argv);
  const relation = requireRelation(parsed, argv, env);
  checkEmpty(parsed.args);
  return { tool: 'relation-model-get', ...relation, ...readOutput(parsed, 'smart') };
}
