/** @module Bad input: Juju's usage-error texts and exit codes. */
import { describe, expect, it } from 'vitest';
import { ToolUsageError, parseToolCall } from '../../src/hooktools/index.ts';
import type { ToolEnv } from '../../src/hooktools/index.ts';
import { SECRET, env, relationHook } from './helpers.ts';

type Row = [tool: string, argv: string[], message: string, ctx?: ToolEnv, code?: number];

const ROWS: Row[] = [
  ['is-leader', ['-x'], 'option provided but not defined: -x'],
  ['is-leader', ['--bogus'], 'option provided but not defined: --bogus'],
  ['action-set', ['--foo=bar'], 'option provided but not defined: --foo'],
  ['action-log', ['-v', 'x'], 'option provided but not defined: -v'],
  ['relation-list', [], 'no relation id specified'],
  ['relation-get', ['-', 'remote/0'], 'no relation id specified'],
  ['relation-set', ['a=b'], 'no relation id specified'],
  ['relation-list', ['-r', 'x'], 'invalid value "x" for option -r: invalid relation id'],
  ['relation-list', ['-r', 'db:'], 'invalid value "db:" for option -r: invalid relation id'],
  [
    'relation-list',
    ['--relation=db:x'],
    'invalid value "db:x" for option --relation: invalid relation id',
  ],
  ['relation-list', ['-r'], 'option needs an argument: -r'],
  ['relation-list', ['-r', '3', 'extra'], 'unrecognized args: ["extra"]'],
  ['relation-get', ['-r', '3', '-', 'remote'], 'expected unit name, got application name "remote"'],
  ['relation-get', ['-r', '3', '-', 'Bad/x'], 'invalid unit name "Bad/x"'],
  ['relation-get', ['-r', '3'], 'no unit or application specified'],
  ['relation-get', ['-r', '3', '--app'], 'no unit or application specified'],
  ['relation-get', ['-r', '3', 'k', 'remote/0', 'extra'], 'unrecognized args: ["extra"]'],
  ['relation-set', ['-r', '3', 'novalue'], 'expected "key=value", got "novalue"'],
  ['relation-set', ['-r', '3', 'a=1', 'a=2'], 'key "a" specified more than once'],
  ['relation-ids', [], 'no endpoint name specified'],
  [
    'status-get',
    ['--application=yes'],
    'invalid value "yes" for option --application: strconv.ParseBool: parsing "yes": invalid syntax',
  ],
  ['status-get', ['--format=xml'], 'invalid value "xml" for option --format: unknown format "xml"'],
  [
    'secret-get',
    [SECRET, '--format=smart'],
    'invalid value "smart" for option --format: unknown format "smart"',
  ],
  ['status-set', [], 'invalid args, require <status> [message]'],
  [
    'status-set',
    ['happy'],
    'invalid status "happy", expected one of [maintenance blocked waiting active]',
  ],
  ['status-set', ['active', 'msg', 'extra'], 'unrecognized args: ["extra"]'],
  [
    'action-set',
    ['Bad=1'],
    'key "Bad" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods',
  ],
  [
    'action-set',
    ['a..b=1'],
    'key "" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods',
  ],
  [
    'action-set',
    ['a-=1'],
    'key "a-" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods',
  ],
  ['action-set', ['noequals'], 'argument "noequals" must be of the form key...=value'],
  ['action-set', ['stdout=x'], 'cannot set reserved action key "stdout"'],
  ['action-log', [], 'no message specified'],
  ['action-log', ['--'], 'no message specified'],
  ['juju-log', [], 'no message specified'],
  ['action-fail', ['a', 'b'], 'unrecognized args: ["b"]'],
  ['application-version-set', [], 'no version specified'],
  ['resource-get', [], 'missing required resource name'],
  ['config-get', ['--all', 'key'], 'cannot use argument --all together with key "key"'],
  ['network-get', [], 'no arguments specified'],
  ['network-get', [''], 'no binding name specified'],
  ['storage-get', [], 'no storage instance specified'],
  ['storage-get', ['-s', 'nope'], 'invalid value "nope" for option -s: invalid storage ID "nope"'],
  ['storage-add', [], 'storage add requires a storage directive'],
  ['storage-add', ['data=10G'], 'only count can be specified for "data"'],
  ['storage-add', ['data=1', 'data=2'], 'storage "data" specified more than once'],
  ['open-port', [], 'no port or range specified'],
  ['open-port', ['80/sctp'], 'invalid protocol "sctp", expected "tcp", "udp", or "icmp"'],
  ['open-port', ['abc'], 'invalid port "abc": strconv.Atoi: parsing "abc": invalid syntax'],
  ['open-port', ['90-80'], 'invalid port range 90-80/tcp'],
  ['open-port', ['70000'], 'port range bounds must be between 0 and 65535, got 70000-70000'],
  ['open-port', ['80/icmp'], 'protocol "icmp" doesn\'t support any ports; got "80"'],
  ['secret-add', [], 'missing secret value or filename'],
  ['secret-add', ['ab=1'], 'key "ab" not valid'],
  ['secret-add', ['Key=1'], 'key "Key" not valid'],
  ['secret-add', ['=1'], 'key value "=1" not valid'],
  ['secret-add', ['--expire', 'soon', 'aaa=1'], 'expire time or duration "soon" not valid'],
  ['secret-add', ['--expire', '-1h', 'aaa=1'], 'negative expire duration "-1h" not valid'],
  [
    'secret-add',
    ['--expire', '2025-13-01T00:00:00Z', 'aaa=1'],
    'expire time or duration "2025-13-01T00:00:00Z" not valid',
  ],
  ['secret-add', ['--rotate', 'sometimes', 'aaa=1'], 'rotate policy "sometimes" not valid'],
  ['secret-add', ['--owner', 'model', 'aaa=1'], 'secret owner "model" not valid'],
  [
    'secret-add',
    ['aaa#file=/missing'],
    'reading content for secret key "aaa": open /missing: no such file or directory',
  ],
  ['secret-set', [], 'missing secret URI'],
  ['secret-set', ['secret:nope'], 'secret URI "secret:nope" not valid'],
  ['secret-set', ['http://x'], 'secret URI scheme "http" not valid'],
  ['secret-get', [], 'require either a secret URI or label'],
  ['secret-get', ['bad!'], 'secret URI "bad!" not valid'],
  [
    'secret-get',
    [SECRET, '--peek', '--refresh'],
    'specify one of --peek or --refresh but not both',
  ],
  [
    'secret-info-get',
    [SECRET, '--label', 'x'],
    'specify either a secret URI or label but not both',
  ],
  ['secret-grant', [SECRET], 'no relation id specified'],
  ['secret-grant', [], 'missing secret URI'],
  ['secret-grant', ['--unit', 'bad', SECRET], 'unit "bad" not valid', relationHook()],
  ['secret-revoke', [SECRET], 'missing relation or application or unit'],
  [
    'secret-revoke',
    [SECRET, '--app', 'a', '--unit', 'a/0'],
    'specify only one of application or unit',
  ],
  ['secret-revoke', [SECRET, '-r', '3', '--app', 'a'], 'do not specify both relation and app'],
  [
    'secret-remove',
    [SECRET, '--revision', 'x'],
    'invalid value "x" for option --revision: strconv.ParseInt: parsing "x": invalid syntax',
  ],
  ['add-metric', [], 'no metrics specified'],
  ['add-metric', ['k='], 'invalid metrics: expected "key=value", got "k="'],
  ['juju-reboot', ['now'], 'unrecognized args: ["now"]'],
  ['pod-spec-set', ['extra'], 'unrecognized args: ["extra"]'],
  ['state-get', ['a', 'b'], 'unrecognized args: ["b"]'],
  ['storage-list', ['a', 'b'], 'unrecognized args: ["b"]'],
  ['status-get', ['--=x'], 'empty option in argument "--=x"'],
  ['status-get', ['-o'], 'option needs an argument: -o'],
];

describe('parseToolCall: usage errors', () => {
  it.each(ROWS)('%s %j → %s', (...row: Row) => {
    const [tool, argv, message, ctx, code = 2] = row;
    let caught: unknown;
    try {
      parseToolCall(tool, argv, ctx ?? env());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ToolUsageError);
    expect((caught as ToolUsageError).message).toBe(message);
    expect((caught as ToolUsageError).exitCode).toBe(code);
  });

  it('unreadable --file and malformed YAML are run-time errors (exit 1)', () => {
    const run = (ctx: ToolEnv, argv: string[]): ToolUsageError => {
      try {
        parseToolCall('relation-set', argv, ctx);
      } catch (error) {
        return error as ToolUsageError;
      }
      throw new Error('no error');
    };
    expect(run(relationHook(), ['--file', '/nope']).exitCode).toBe(1);
    expect(run(relationHook({ input: 'a: [1, 2]' }), ['--file', '-']).message).toMatch(
      /cannot unmarshal !!seq into string/,
    );
    expect(run(relationHook({ input: '- a' }), ['--file', '-']).exitCode).toBe(1);
  });

  it('an unknown tool is rejected', () => {
    expect(() => parseToolCall('leader-set', [], env())).toThrow(ToolUsageError);
  });

  it('boolean options do not consume the next argument', () => {
    expect(parseToolCall('status-set', ['--application', 'active', 'msg'], env())).toMatchObject({
      application: true,
      message: 'msg',
    });
    expect(() =>
      parseToolCall('status-set', ['--application', 'active', 'True', 'x'], env()),
    ).toThrow('unrecognized args: ["x"]');
  });
});
