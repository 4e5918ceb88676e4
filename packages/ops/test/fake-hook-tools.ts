/**
 * A directory of fake Juju hook tools for tests: one /bin/sh script under every tool name
 * that records its argv (NUL-separated), stdin and `#file=` contents, and answers with the
 * stdout, stderr and exit code a test set for that tool.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `#!/bin/sh
tool=$(basename "$0")
dir=$(dirname "$0")
out="$dir/calls/$(date +%s%N)-$$"
printf '%s\\0' "$tool" "$@" > "$out"
case "$tool" in relation-set|state-set) cat > "$out.stdin" ;; esac
for arg in "$@"; do
  case "$arg" in *'#file='*) cat "\${arg#*#file=}" >> "$out.files"; printf '\\n' >> "$out.files" ;; esac
done
[ -f "$dir/responses/$tool" ] && cat "$dir/responses/$tool"
[ -f "$dir/responses/$tool.stderr" ] && cat "$dir/responses/$tool.stderr" >&2
[ -f "$dir/responses/$tool.code" ] && exit "$(cat "$dir/responses/$tool.code")"
exit 0
`;

export const TOOL_NAMES = [
  'action-fail',
  'action-get',
  'action-log',
  'action-set',
  'application-version-set',
  'close-port',
  'config-get',
  'credential-get',
  'goal-state',
  'is-leader',
  'juju-log',
  'network-get',
  'open-port',
  'opened-ports',
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
];

export interface ToolCall {
  readonly argv: string[];
  readonly stdin?: string;
  readonly files?: string;
}

export class FakeHookTools {
  readonly dir: string;
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'charmkit-tools-'));
    mkdirSync(join(this.dir, 'calls'));
    mkdirSync(join(this.dir, 'responses'));
    const script = join(this.dir, 'fake-tool');
    writeFileSync(script, SCRIPT);
    chmodSync(script, 0o755);
    for (const name of TOOL_NAMES) symlinkSync(script, join(this.dir, name));
  }

  /** PATH with these tools first. */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, PATH: `${this.dir}:${process.env.PATH ?? ''}` };
  }

  answer(tool: string, stdout: string, failure?: { stderr: string; code: number }): void {
    writeFileSync(join(this.dir, 'responses', tool), stdout);
    if (failure) {
      writeFileSync(join(this.dir, 'responses', `${tool}.stderr`), failure.stderr);
      writeFileSync(join(this.dir, 'responses', `${tool}.code`), String(failure.code));
    }
  }

  calls(): ToolCall[] {
    const dir = join(this.dir, 'calls');
    const names = readdirSync(dir)
      .filter((n) => !n.includes('.'))
      .sort();
    return names.map((name) => {
      const read = (suffix: string): string | undefined => {
        try {
          return readFileSync(join(dir, name + suffix), 'utf8');
        } catch {
          return undefined;
        }
      };
      const argv = (read('') ?? '').split('\0').slice(0, -1);
      const stdin = read('.stdin');
      const files = read('.files');
      return {
        argv,
        ...(stdin === undefined ? {} : { stdin }),
        ...(files === undefined ? {} : { files }),
      };
    });
  }

  lastArgv(): string[] {
    return this.calls().at(-1)?.argv ?? [];
  }
}
