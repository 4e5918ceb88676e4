/**
 * @module Runs one parsed hook-tool call (`hooktools/parseToolCall`) against a hook's
 * {@link HookSession} and renders the answer with Juju's formatters. Errors keep Juju's stderr
 * and exit codes: 2 for usage errors and unknown `-r` relations, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { ModelError } from '@charmkit/ops';
import type { LogLevel, Port, SecretMetadataInput, Status } from '@charmkit/ops';
import { formatOutput, goTime, parseToolCall, ToolUsageError } from '../hooktools/index.ts';
import type {
  OutputFormat,
  RelationRef,
  SecretMetadataFlags,
  ToolCall,
} from '../hooktools/index.ts';
import type { HookSession } from './hook-session.ts';
import type { ToolInvocation, ToolOutcome } from './tool-server.ts';

type Result = { readonly value: unknown; readonly format?: OutputFormat } | undefined;

export function executeTool(session: HookSession, invocation: ToolInvocation): ToolOutcome {
  try {
    const call = parseToolCall(invocation.tool, invocation.argv, {
      ...session.hookEnv,
      stdin: () => invocation.stdin,
      readFile: (path) => readFileSync(path, 'utf8'),
    });
    const result = run(session, call);
    if (!result) return { code: 0, stdout: '', stderr: '' };
    const format = result.format ?? 'smart';
    return { code: 0, stdout: formatOutput(format, result.value), stderr: '' };
  } catch (error) {
    if (error instanceof ToolUsageError) {
      return { code: error.exitCode, stdout: '', stderr: `ERROR ${error.message}\n` };
    }
    if (error instanceof ModelError && error.stderr) {
      return {
        code: error.stderr.includes('for option -r') ? 2 : 1,
        stdout: '',
        stderr: error.stderr,
      };
    }
    return { code: 1, stdout: '', stderr: `ERROR ${(error as Error).message}\n` };
  }
}

const ref = (r: RelationRef): { endpoint: string; id: number } => ({
  endpoint: r.relationEndpoint ?? '',
  id: r.relationId,
});
const wireStatus = (s: Status): Record<string, unknown> => ({
  status: s.name,
  message: s.message,
  'status-data': {},
});

function secretMeta(flags: SecretMetadataFlags): SecretMetadataInput {
  return {
    ...(flags.label === undefined ? {} : { label: flags.label }),
    ...(flags.description === undefined ? {} : { description: flags.description }),
    ...(flags.expire === undefined ? {} : { expire: flags.expire }),
    ...(flags.rotate === undefined ? {} : { rotate: flags.rotate }),
  };
}

function decode(content: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(content).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

function port(call: {
  protocol: 'tcp' | 'udp' | 'icmp';
  fromPort?: number;
  toPort?: number;
}): Port {
  if (call.protocol === 'icmp') return { protocol: 'icmp' };
  const to =
    call.toPort !== undefined && call.toPort !== call.fromPort ? { toPort: call.toPort } : {};
  return { protocol: call.protocol, port: call.fromPort ?? 0, ...to };
}

function pick(value: Record<string, unknown>, key: string | undefined): unknown {
  return key === undefined ? value : (value[key] ?? null);
}

/** One case per tool family; each returns what the tool prints (undefined: nothing). */
function run(s: HookSession, call: ToolCall): Result {
  switch (call.tool) {
    case 'help':
      return { value: call.text };
    case 'is-leader':
      return { value: s.isLeader(), format: call.format };
    case 'config-get':
      return { value: pick(s.configGet(), call.key), format: call.format };
    case 'relation-ids':
      return {
        value: s.relationIds(call.endpoint).map((id) => `${call.endpoint}:${id}`),
        format: call.format,
      };
    case 'relation-list':
      return {
        value: call.app ? s.relationRemoteApp(ref(call)) : s.relationList(ref(call)),
        format: call.format,
      };
    case 'relation-get':
      return {
        value: pick(s.relationGet(ref(call), call.target, call.app), call.key),
        format: call.format,
      };
    case 'relation-set':
      s.relationSet(ref(call), call.settings, call.app);
      return undefined;
    case 'relation-model-get':
      return { value: { uuid: s.relationModelUuid(ref(call)) }, format: call.format };
    case 'status-get':
      return statusGet(s, call);
    case 'status-set':
      s.statusSet({ name: call.status, message: call.message }, call.application);
      return undefined;
    case 'application-version-set':
      s.applicationVersionSet(call.version);
      return undefined;
    case 'juju-log':
      s.jujuLog(call.level.toUpperCase() as LogLevel, call.message);
      return undefined;
    default:
      return runMore(s, call);
  }
}

function statusGet(s: HookSession, call: Extract<ToolCall, { tool: 'status-get' }>): Result {
  if (call.application) {
    const report = s.appStatusGet();
    const units = Object.fromEntries(
      Object.entries(report.units).map(([u, st]) => [u, wireStatus(st)]),
    );
    return { value: { 'application-status': wireStatus(report.app), units }, format: call.format };
  }
  const status = s.statusGet();
  const value = call.includeData || call.format !== 'smart' ? wireStatus(status) : status.name;
  return { value, format: call.format };
}

function runMore(s: HookSession, call: ToolCall): Result {
  switch (call.tool) {
    case 'network-get':
      return networkGet(s, call);
    case 'open-port':
      s.openPort(port(call), call.endpoints);
      return undefined;
    case 'close-port':
      s.closePort(port(call), call.endpoints);
      return undefined;
    case 'opened-ports':
      return {
        value: s
          .openedPorts()
          .map((p) =>
            p.protocol === 'icmp'
              ? 'icmp'
              : `${p.port}${p.toPort ? `-${p.toPort}` : ''}/${p.protocol}`,
          ),
        format: call.format,
      };
    case 'state-get':
      return { value: pick(s.stateGet(), call.key), format: call.format };
    case 'state-set':
      s.stateSet(call.values);
      return undefined;
    case 'state-delete':
      if (call.key !== undefined) s.stateDelete(call.key);
      return undefined;
    case 'goal-state':
      return { value: s.goalState(), format: call.format };
    case 'credential-get':
      return { value: s.credentialGet(), format: call.format };
    case 'resource-get':
      return { value: s.resourceGet(call.name) };
    case 'storage-list':
      return { value: s.storageList(call.name), format: call.format };
    case 'storage-get':
      return { value: pick({ ...s.storageGet(call.storageId) }, call.key), format: call.format };
    case 'storage-add':
      s.storageAdd(call.counts);
      return undefined;
    default:
      return runActionOrSecret(s, call);
  }
}

function networkGet(s: HookSession, call: Extract<ToolCall, { tool: 'network-get' }>): Result {
  const info = s.networkGet(call.binding, call.relation?.relationId);
  const first = info.bindAddresses[0]?.addresses[0]?.value ?? '';
  if (call.primaryAddress || call.bindAddress) return { value: first, format: call.format };
  if (call.ingressAddress) return { value: info.ingressAddresses[0] ?? '', format: call.format };
  if (call.egressSubnets) return { value: info.egressSubnets.join(','), format: call.format };
  const value = {
    'bind-addresses': info.bindAddresses.map((b) => ({
      'mac-address': b.macAddress ?? '',
      'interface-name': b.interfaceName,
      addresses: b.addresses,
    })),
    'egress-subnets': info.egressSubnets,
    'ingress-addresses': info.ingressAddresses,
  };
  return { value, format: call.format };
}

function runActionOrSecret(s: HookSession, call: ToolCall): Result {
  switch (call.tool) {
    case 'action-get': {
      let value: unknown = s.actionGet();
      for (const key of call.keys)
        value =
          value !== null && typeof value === 'object'
            ? (value as Record<string, unknown>)[key]
            : undefined;
      return { value: value ?? null, format: call.format };
    }
    case 'action-set':
      s.actionSet(Object.fromEntries(call.results.map((r) => [r.path.join('.'), r.value])));
      return undefined;
    case 'action-log':
      s.actionLog(call.message);
      return undefined;
    case 'action-fail':
      s.actionFail(call.message);
      return undefined;
    case 'secret-add':
      return {
        value: s.secretAdd(decode(call.contentBase64), { ...secretMeta(call), owner: call.owner }),
      };
    case 'secret-set': {
      const content =
        Object.keys(call.contentBase64).length > 0 ? { content: decode(call.contentBase64) } : {};
      s.secretSet(call.uri.raw, { ...secretMeta(call), ...content });
      return undefined;
    }
    case 'secret-get': {
      const lookup = {
        ...(call.uri ? { id: call.uri.raw } : {}),
        ...(call.label === undefined ? {} : { label: call.label }),
      };
      const content = s.secretGet(lookup, { peek: call.peek, refresh: call.refresh });
      return { value: pick(content, call.key), format: call.format };
    }
    default:
      return runSecretAdmin(s, call);
  }
}

function runSecretAdmin(s: HookSession, call: ToolCall): Result {
  switch (call.tool) {
    case 'secret-info-get': {
      const info = s.secretInfoGet(call.uri ? { id: call.uri.raw } : { label: call.label ?? '' });
      const value = {
        [info.id]: {
          revision: info.revision,
          label: info.label,
          owner: info.owner,
          ...(info.description ? { description: info.description } : {}),
          ...(info.rotation ? { rotation: info.rotation } : {}),
          ...(info.expiry ? { expiry: goTime(info.expiry) } : {}),
          ...(info.rotates ? { rotates: goTime(info.rotates) } : {}),
        },
      };
      return { value, format: call.format };
    }
    case 'secret-grant':
      s.secretGrant(call.uri.raw, call.relationId, call.unit);
      return undefined;
    case 'secret-revoke':
      s.secretRevoke(call.uri.raw, call.relation?.relationId ?? -1, call.unit);
      return undefined;
    case 'secret-remove':
      s.secretRemove(call.uri.raw, call.revision);
      return undefined;
    case 'secret-ids':
      return { value: s.secretIds(), format: call.format };
    default:
      throw new ToolUsageError(`${call.tool} is not supported by this Charmkit controller`, 1);
  }
}
