/**
 * @module Juju's `network.ParsePortRange` as `open-port`/`close-port` use it (after lower-casing):
 * `<port>[/<protocol>]`, `<from>-<to>[/<protocol>]` or `icmp`, with Juju's validation messages.
 */
import type { PortRange } from './calls.ts';
import { ToolUsageError, goQuote, parseGoInt } from './flags.ts';

function atoi(text: string, quoted: string): number {
  try {
    return parseGoInt(text);
  } catch (error) {
    throw new ToolUsageError(`invalid port ${goQuote(quoted)}: ${(error as Error).message}`);
  }
}

/** `PortRange.Validate`. */
function validate(protocol: string, from: number, to: number): PortRange {
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'icmp')
    throw new ToolUsageError(
      `invalid protocol ${goQuote(protocol)}, expected "tcp", "udp", or "icmp"`,
    );
  if (protocol === 'icmp') {
    if (from === -1 && to === -1) return { protocol };
    throw new ToolUsageError(`protocol "icmp" doesn't support any ports; got "${from}"`);
  }
  if (from > to) throw new ToolUsageError(`invalid port range ${from}-${to}/${protocol}`);
  if (from < 0 || from > 65535 || to < 0 || to > 65535)
    throw new ToolUsageError(`port range bounds must be between 0 and 65535, got ${from}-${to}`);
  return { protocol, fromPort: from, toPort: to };
}

/** `network.ParsePortRange`. */
export function parsePortRange(input: string): PortRange {
  const slash = input.indexOf('/');
  const ports = slash < 0 ? input : input.slice(0, slash);
  const protocol = slash < 0 ? 'tcp' : input.slice(slash + 1);
  const parts = ports.split('-');
  if (parts.length > 2) throw new ToolUsageError(`invalid port range ${goQuote(ports)}`);
  const [first = '', second] = parts;
  if (second === undefined && first === 'icmp') return validate('icmp', -1, -1);
  if (second === undefined) {
    const port = atoi(first, ports);
    return validate(port === -1 ? 'icmp' : protocol, port, port);
  }
  const from = atoi(first, first);
  return validate(from === -1 ? 'icmp' : protocol, from, atoi(second, second));
}
