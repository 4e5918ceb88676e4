/**
 * @module The hook-tool executables a charm finds on its PATH. One bash script, linked under
 * every tool name, forwards argv and stdin to the unit agent over a loopback TCP connection
 * (bash's `/dev/tcp`: no Node start-up per call) with the hook's secret token, and prints the
 * agent's answer — stdout, stderr and exit code — exactly as Juju's tool would.
 *
 * Framing (request): NUL-terminated token, tool, argc, each arg, stdin length; then stdin.
 * Framing (reply): NUL-terminated exit code and stderr; then stdout to the end.
 */
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOOL_NAMES = [
  'action-fail',
  'action-get',
  'action-log',
  'action-set',
  'add-metric',
  'application-version-set',
  'close-port',
  'config-get',
  'credential-get',
  'goal-state',
  'is-leader',
  'juju-log',
  'juju-reboot',
  'leader-get',
  'leader-set',
  'network-get',
  'open-port',
  'opened-ports',
  'pod-spec-set',
  'relation-get',
  'relation-ids',
  'relation-list',
  'relation-model-get',
  'relation-set',
  'resource-get',
  'secret-add',
  'secret-get',
  'secret-grant',
  'secret-ids',
  'secret-info-get',
  'secret-remove',
  'secret-revoke',
  'secret-set',
  'state-delete',
  'state-get',
  'state-set',
  'status-get',
  'status-set',
  'storage-add',
  'storage-get',
  'storage-list',
  'unit-get',
] as const;

const SCRIPT = `#!/bin/bash
# Charmkit hook tool: forwards this call to the unit agent (see tool-client.ts).
# Only bash builtins on the hot path: every fork costs milliseconds.
tool=\${0##*/}
if [ -z "$CHARMKIT_AGENT_PORT" ] || [ -z "$CHARMKIT_HOOK_TOKEN" ]; then
  echo "ERROR $tool can only be run from a Charmkit hook or action" >&2
  exit 1
fi
LC_ALL=C
input=""
[ -t 0 ] || IFS= read -r -d '' input
exec 3<>"/dev/tcp/127.0.0.1/$CHARMKIT_AGENT_PORT" || exit 1
printf '%s\\0' "$CHARMKIT_HOOK_TOKEN" "$tool" "$#" "$@" "\${#input}" >&3
printf '%s' "$input" >&3
IFS= read -r -d '' code <&3
IFS= read -r -d '' err <&3
IFS= read -r -d '' out <&3
printf '%s' "$out"
[ -n "$err" ] && printf '%s' "$err" >&2
exit "\${code:-1}"
`;

/** Writes the script and one link per tool name into `dir` (idempotent). */
export function installHookTools(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'charmkit-hook-tool');
  writeFileSync(script, SCRIPT);
  chmodSync(script, 0o755);
  for (const name of TOOL_NAMES) {
    const link = join(dir, name);
    if (!existsSync(link)) symlinkSync('charmkit-hook-tool', link);
  }
  return dir;
}
