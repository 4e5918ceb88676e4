/**
 * @module Parsers for the unit/application tools: `config-get`, `is-leader`, `resource-get`,
 * `status-get`, `status-set`, `application-version-set`, `juju-log`, `network-get`, `goal-state`,
 * `credential-get`, `open-port`, `close-port`, `opened-ports`, `juju-reboot`, `pod-spec-set`,
 * `add-metric` (following the matching `jujuc/*.go`).
 */
import { SETTABLE_STATUSES } from './calls.ts';
import type {
  AddMetricCall,
  ApplicationVersionSetCall,
  ClosePortCall,
  ConfigGetCall,
  CredentialGetCall,
  GoalStateCall,
  IsLeaderCall,
  JujuLogCall,
  JujuRebootCall,
  NetworkGetCall,
  OpenPortCall,
  OpenedPortsCall,
  PodSpecSetCall,
  PortRange,
  ResourceGetCall,
  SettableStatus,
  StatusGetCall,
  StatusSetCall,
  ToolEnv,
} from './calls.ts';
import { ToolUsageError, checkEmpty, flagBool, flagString, goQuote } from './flags.ts';
import { parsePortRange } from './parse-ports.ts';
import type { FlagDef } from './flags.ts';
import {
  outputFlags,
  parseKeyValues,
  parseSpec,
  readFileVar,
  readOutput,
  readRelation,
  relationFlag,
} from './parse-common.ts';
import type { ToolSpec } from './parse-common.ts';

const bool = (name: string, usage: string): FlagDef => ({ names: [name], kind: 'bool', usage });
const DEPRECATED_FORMAT: FlagDef = {
  names: ['format'],
  kind: 'value',
  usage: 'deprecated format flag',
};
const PORT_FLAGS: FlagDef[] = [
  DEPRECATED_FORMAT,
  {
    names: ['endpoints'],
    kind: 'value',
    usage: 'a comma-delimited list of application endpoints to target with this operation',
  },
];
const PORT_ARGS = '<port>[/<protocol>] or <from>-<to>[/<protocol>] or icmp';

export const UNIT_SPECS = {
  'config-get': {
    name: 'config-get',
    args: '[<key>]',
    purpose: 'Print application configuration.',
    flags: [
      ...outputFlags('smart'),
      { names: ['a', 'all'], kind: 'bool', usage: 'print all keys' },
    ],
  },
  'is-leader': {
    name: 'is-leader',
    args: '',
    purpose: 'Print application leadership status.',
    flags: outputFlags('smart'),
  },
  'resource-get': {
    name: 'resource-get',
    args: '<resource name>',
    purpose: 'Get the path to the locally cached resource file.',
    flags: [],
  },
  'status-get': {
    name: 'status-get',
    args: '[--include-data] [--application]',
    purpose: 'Print status information.',
    flags: [
      ...outputFlags('smart'),
      bool('include-data', 'print all status data'),
      bool(
        'application',
        'print status for all units of this application if this unit is the leader',
      ),
    ],
  },
  'status-set': {
    name: 'status-set',
    args: '<maintenance | blocked | waiting | active> [message]',
    purpose: 'Set status information.',
    flags: [
      bool(
        'application',
        'set this status for the application to which the unit belongs if the unit is the leader',
      ),
    ],
  },
  'application-version-set': {
    name: 'application-version-set',
    args: '<new-version>',
    purpose: 'Specify which version of the application is deployed.',
    flags: [],
  },
  'juju-log': {
    name: 'juju-log',
    args: '<message>',
    purpose: 'Write a message to the juju log.',
    flags: [
      bool('debug', 'log at debug level'),
      {
        names: ['l', 'log-level'],
        kind: 'value',
        display: 'INFO',
        usage: 'Send log message at the given level',
      },
      DEPRECATED_FORMAT,
    ],
  },
  'network-get': {
    name: 'network-get',
    args: '<binding-name> [--ingress-address] [--bind-address] [--egress-subnets]',
    purpose: 'Get network config.',
    flags: [
      ...outputFlags('smart'),
      bool('primary-address', '(deprecated) get the primary address for the binding'),
      bool('bind-address', 'get the address for the binding on which the unit should listen'),
      bool('ingress-address', 'get the ingress address for the binding'),
      bool('egress-subnets', 'get the egress subnets for the binding'),
      relationFlag('specify a relation by id'),
    ],
  },
  'goal-state': {
    name: 'goal-state',
    args: '',
    purpose: "Print the status of the charm's peers and related units.",
    flags: outputFlags('yaml', ['yaml', 'json']),
  },
  'credential-get': {
    name: 'credential-get',
    args: '',
    purpose: 'Access cloud credentials.',
    flags: outputFlags('smart'),
  },
  'open-port': {
    name: 'open-port',
    args: PORT_ARGS,
    purpose: 'Register a request to open a port or port range.',
    flags: PORT_FLAGS,
  },
  'close-port': {
    name: 'close-port',
    args: PORT_ARGS,
    purpose: 'Register a request to close a port or port range.',
    flags: PORT_FLAGS,
  },
  'opened-ports': {
    name: 'opened-ports',
    args: '',
    purpose: 'List all ports or port ranges opened by the unit.',
    flags: [
      ...outputFlags('smart'),
      bool('endpoints', 'display the list of target application endpoints for each port range'),
    ],
  },
  'juju-reboot': {
    name: 'juju-reboot',
    args: '',
    purpose: 'Reboot the host machine.',
    flags: [bool('now', 'reboot immediately, killing the invoking process')],
  },
  'pod-spec-set': {
    name: 'pod-spec-set',
    args: '--file <core spec file> [--k8s-resources <k8s spec file>]',
    purpose: 'set k8s spec information (deprecated)',
    flags: [
      { names: ['file'], kind: 'value', display: '-', usage: 'file containing pod spec' },
      {
        names: ['k8s-resources'],
        kind: 'value',
        usage: 'file containing k8s specific resources not yet modelled by Juju',
      },
    ],
  },
  'add-metric': {
    name: 'add-metric',
    args: 'key1=value1 [key2=value2 ...]',
    purpose: 'Add metrics.',
    flags: [
      {
        names: ['l', 'labels'],
        kind: 'value',
        usage: 'labels to be associated with metric values',
      },
    ],
  },
} satisfies Record<string, ToolSpec>;

export function parseConfigGet(argv: readonly string[], _env: ToolEnv): ConfigGetCall {
  const parsed = parseSpec(UNIT_SPECS['config-get'], argv);
  const all = flagBool(parsed, 'a');
  const [key, ...rest] = parsed.args;
  if (key !== undefined && key !== '' && all)
    throw new ToolUsageError(`cannot use argument --all together with key ${goQuote(key)}`);
  checkEmpty(rest);
  return {
    tool: 'config-get',
    ...(key !== undefined && key !== '' ? { key } : {}),
    all,
    ...readOutput(parsed, 'smart'),
  };
}

export function parseIsLeader(argv: readonly string[], _env: ToolEnv): IsLeaderCall {
  const parsed = parseSpec(UNIT_SPECS['is-leader'], argv);
  checkEmpty(parsed.args);
  return { tool: 'is-leader', ...readOutput(parsed, 'smart') };
}

export function parseResourceGet(argv: readonly string[], _env: ToolEnv): ResourceGetCall {
  const parsed = parseSpec(UNIT_SPECS['resource-get'], argv);
  const [name, ...rest] = parsed.args;
  if (name === undefined) throw new ToolUsageError('missing required resource name');
  checkEmpty(rest);
  return { tool: 'resource-get', name };
}

export function parseStatusGet(argv: readonly string[], _env: ToolEnv): StatusGetCall {
  const parsed = parseSpec(UNIT_SPECS['status-get'], argv);
  checkEmpty(parsed.args);
  return {
    tool: 'status-get',
    includeData: flagBool(parsed, 'include-data'),
    application: flagBool(parsed, 'application'),
    ...readOutput(parsed, 'smart'),
  };
}

export function parseStatusSet(argv: readonly string[], _env: ToolEnv): StatusSetCall {
  const parsed = parseSpec(UNIT_SPECS['status-set'], argv);
  const [status, message, ...rest] = parsed.args;
  if (status === undefined) throw new ToolUsageError('invalid args, require <status> [message]');
  if (!(SETTABLE_STATUSES as readonly string[]).includes(status))
    throw new ToolUsageError(
      `invalid status ${goQuote(status)}, expected one of [${SETTABLE_STATUSES.join(' ')}]`,
    );
  if (message !== undefined) checkEmpty(rest);
  return {
    tool: 'status-set',
    status: status as SettableStatus,
    message: message ?? '',
    application: flagBool(parsed, 'application'),
  };
}

export function parseApplicationVersionSet(
  argv: readonly string[],
  _env: ToolEnv,
): ApplicationVersionSetCall {
  const parsed = parseSpec(UNIT_SPECS['application-version-set'], argv);
  const [version, ...rest] = parsed.args;
  if (version === undefined) throw new ToolUsageError('no version specified');
  checkEmpty(rest);
  return { tool: 'application-version-set', version };
}

export function parseJujuLog(argv: readonly string[], _env: ToolEnv): JujuLogCall {
  const parsed = parseSpec(UNIT_SPECS['juju-log'], argv);
  if (parsed.args.length === 0) throw new ToolUsageError('no message specified');
  const format = flagString(parsed, 'format');
  return {
    tool: 'juju-log',
    message: parsed.args.join(' '),
    level: flagString(parsed, 'l') ?? 'INFO',
    debug: flagBool(parsed, 'debug'),
    ...(format ? { deprecatedFormat: format } : {}),
  };
}

export function parseNetworkGet(argv: readonly string[], env: ToolEnv): NetworkGetCall {
  const parsed = parseSpec(UNIT_SPECS['network-get'], argv);
  const [binding, ...rest] = parsed.args;
  if (binding === undefined) throw new ToolUsageError('no arguments specified');
  if (binding === '') throw new ToolUsageError('no binding name specified');
  checkEmpty(rest);
  const relation = readRelation(parsed, argv, env);
  return {
    tool: 'network-get',
    binding,
    ...(relation ? { relation } : {}),
    primaryAddress: flagBool(parsed, 'primary-address'),
    bindAddress: flagBool(parsed, 'bind-address'),
    ingressAddress: flagBool(parsed, 'ingress-address'),
    egressSubnets: flagBool(parsed, 'egress-subnets'),
    ...readOutput(parsed, 'smart'),
  };
}

export function parseGoalState(argv: readonly string[], _env: ToolEnv): GoalStateCall {
  const parsed = parseSpec(UNIT_SPECS['goal-state'], argv);
  checkEmpty(parsed.args);
  return { tool: 'goal-state', ...readOutput(parsed, 'yaml') };
}

export function parseCredentialGet(argv: readonly string[], _env: ToolEnv): CredentialGetCall {
  const parsed = parseSpec(UNIT_SPECS['credential-get'], argv);
  checkEmpty(parsed.args);
  return { tool: 'credential-get', ...readOutput(parsed, 'smart') };
}

function parsePort<T extends 'open-port' | 'close-port'>(
  tool: T,
  argv: readonly string[],
): { tool: T; endpoints?: readonly string[]; deprecatedFormat?: string } & PortRange {
  const parsed = parseSpec(UNIT_SPECS[tool], argv);
  const [first, ...rest] = parsed.args;
  if (first === undefined) throw new ToolUsageError('no port or range specified');
  const range = parsePortRange(first.toLowerCase());
  checkEmpty(rest);
  const endpoints = flagString(parsed, 'endpoints') ?? '';
  const format = flagString(parsed, 'format');
  return {
    tool,
    ...range,
    ...(endpoints !== '' ? { endpoints: endpoints.split(',').map((e) => e.trim()) } : {}),
    ...(format ? { deprecatedFormat: format } : {}),
  };
}

export const parseOpenPort = (argv: readonly string[], _env: ToolEnv): OpenPortCall =>
  parsePort('open-port', argv);
export const parseClosePort = (argv: readonly string[], _env: ToolEnv): ClosePortCall =>
  parsePort('close-port', argv);

export function parseOpenedPorts(argv: readonly string[], _env: ToolEnv): OpenedPortsCall {
  const parsed = parseSpec(UNIT_SPECS['opened-ports'], argv);
  checkEmpty(parsed.args);
  return {
    tool: 'opened-ports',
    endpoints: flagBool(parsed, 'endpoints'),
    ...readOutput(parsed, 'smart'),
  };
}

export function parseJujuReboot(argv: readonly string[], _env: ToolEnv): JujuRebootCall {
  const parsed = parseSpec(UNIT_SPECS['juju-reboot'], argv);
  checkEmpty(parsed.args);
  return { tool: 'juju-reboot', now: flagBool(parsed, 'now') };
}

export function parsePodSpecSet(argv: readonly string[], env: ToolEnv): PodSpecSetCall {
  const parsed = parseSpec(UNIT_SPECS['pod-spec-set'], argv);
  checkEmpty(parsed.args);
  const spec = readFileVar(flagString(parsed, 'file') || '-', env);
  const k8s = flagString(parsed, 'k8s-resources') ?? '';
  return {
    tool: 'pod-spec-set',
    spec,
    ...(k8s !== '' ? { k8sResources: readFileVar(k8s, env) } : {}),
  };
}

export function parseAddMetric(argv: readonly string[], _env: ToolEnv): AddMetricCall {
  const parsed = parseSpec(UNIT_SPECS['add-metric'], argv);
  if (parsed.args.length === 0) throw new ToolUsageError('no metrics specified');
  const annotate = <T>(prefix: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new ToolUsageError(`${prefix}: ${(error as Error).message}`);
    }
  };
  const metrics = annotate('invalid metrics', () => parseKeyValues(parsed.args, false));
  const labelText = flagString(parsed, 'l') ?? '';
  const labels = annotate('invalid labels', () =>
    parseKeyValues(labelText === '' ? [] : labelText.split(','), false),
  );
  return {
    tool: 'add-metric',
    metrics: Object.entries(metrics).map(([key, value]) => ({ key, value })),
    labels,
  };
}
