/**
 * @module User secrets (juju-semantics.md §1.2, §4.7): `add-secret` prints the new URI on
 * stdout, `secrets` / `show-secret` print juju's JSON shapes keyed by bare id. Content comes
 * as `key=value`, `key#base64=…` or `key#file=path` arguments and/or a YAML `--file`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseYaml } from '../yaml.ts';
import { count, keyValues } from '../args.ts';
import type { CliContext } from '../context.ts';
import { usage } from '../errors.ts';
import { render } from '../format/output.ts';
import { table } from '../format/table.ts';
import { obj, str } from '../format/status-view.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface ContentOptions extends ModelOptions {
  readonly file?: string;
  readonly info?: string;
}

/** One content entry: `#base64` values are decoded, `#file` values read from disk. */
function entry(key: string, value: string): [string, string] {
  if (key.endsWith('#base64')) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw usage(`"${key}" is not valid base64`);
    return [key.slice(0, -'#base64'.length), Buffer.from(value, 'base64').toString('utf8')];
  }
  if (key.endsWith('#file')) {
    if (!existsSync(value)) throw usage(`secret file "${value}" not found`);
    return [key.slice(0, -'#file'.length), readFileSync(value, 'utf8')];
  }
  return [key, value];
}

/** Content from `--file` (a YAML mapping) then `key=value` arguments, which win. */
export function secretContent(args: readonly string[], file?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (file !== undefined) {
    if (!existsSync(file)) throw usage(`secret file "${file}" not found`);
    const doc: unknown = parseYaml(readFileSync(file, 'utf8'));
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      throw usage(`secret file "${file}" must hold a YAML mapping of keys to values`);
    for (const [key, value] of Object.entries(doc)) {
      if (typeof value === 'object' && value !== null)
        throw usage(`secret file "${file}": value of "${key}" must be a string`);
      const [k, v] = entry(key, String(value));
      out[k] = v;
    }
  }
  for (const [key, value] of Object.entries(keyValues(args))) {
    const [k, v] = entry(key, value);
    out[k] = v;
  }
  return out;
}

const apps = (list: string): string[] => {
  const names = list.split(',').filter((a) => a !== '');
  if (names.length === 0) throw usage('expected one or more application names, comma separated');
  return names;
};

function printSecrets(
  ctx: CliContext,
  doc: Record<string, unknown>,
  format: 'tabular' | 'json' | 'yaml',
): void {
  if (format !== 'tabular') {
    ctx.io.stdout(render(doc, format));
    return;
  }
  ctx.io.stdout(
    table(
      [
        { title: 'ID' },
        { title: 'Name' },
        { title: 'Owner' },
        { title: 'Rotation' },
        { title: 'Revision' },
        { title: 'Last updated' },
      ],
      Object.entries(doc).map(([id, value]) => {
        const s = obj(value);
        return [
          id,
          str(s.name ?? s.label ?? '-'),
          str(s.owner),
          str(s.rotation ?? 'never'),
          str(s.revision),
          str(s.updated),
        ];
      }),
    ),
  );
}

/** Registers the secret verbs. */
export function registerSecretCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('add-secret')
      .description('Add a user secret; prints its URI.')
      .addOption(modelOption())
      .argument('<name>', 'secret name')
      .argument('[key=value...]', 'content (key#base64=… and key#file=path also accepted)')
      .option('--info <text>', 'description')
      .option('--file <path>', 'YAML file of content')
      .action(async (name: string, args: string[], options: ContentOptions) => {
        const content = secretContent(args, options.file);
        if (Object.keys(content).length === 0)
          throw usage('missing secret content: give key=value arguments or --file');
        const { uri } = await ctx.client.addSecret(ctx.model(options.model), {
          name,
          content,
          ...(options.info === undefined ? {} : { description: options.info }),
        });
        ctx.out(uri);
      }),
    [
      'charmkit add-secret db-admin password=hunter2 --info "admin login"',
      'charmkit add-secret api --file creds.yaml',
    ],
  );
  examples(
    program
      .command('update-secret')
      .description('Update a user secret: new content makes a new revision.')
      .addOption(modelOption())
      .argument('<secret>', 'secret URI or name')
      .argument('[key=value...]', 'new content')
      .option('--info <text>', 'new description')
      .option('--name <name>', 'new name')
      .option('--file <path>', 'YAML file of content')
      .option('--auto-prune', 'ignored: old revisions are kept until removed')
      .action(async (ref: string, args: string[], options: ContentOptions & { name?: string }) => {
        const content = secretContent(args, options.file);
        await ctx.client.updateSecret(ctx.model(options.model), ref, {
          ...(Object.keys(content).length > 0 ? { content } : {}),
          ...(options.info === undefined ? {} : { description: options.info }),
          ...(options.name === undefined ? {} : { name: options.name }),
        });
      }),
    [
      'charmkit update-secret db-admin password=s3cret',
      'charmkit update-secret secret:d0vd… --info "rotated"',
    ],
  );
  for (const [verb, revoke] of [
    ['grant-secret', false],
    ['revoke-secret', true],
  ] as const) {
    examples(
      program
        .command(verb)
        .description(
          revoke
            ? 'Take back applications’ access to a user secret.'
            : 'Let applications read a user secret.',
        )
        .addOption(modelOption())
        .argument('<secret>', 'secret URI or name')
        .argument('<applications>', 'application names, comma separated')
        .action(async (ref: string, list: string, options: ModelOptions) => {
          await ctx.client.grantSecret(ctx.model(options.model), ref, apps(list), revoke);
        }),
      [`charmkit ${verb} db-admin web`, `charmkit ${verb} db-admin web,worker`],
    );
  }
  examples(
    program
      .command('secrets')
      .alias('list-secrets')
      .description('List the secrets of the model (user and charm secrets).')
      .addOption(modelOption())
      .option('--owner <owner>', 'only secrets of this owner (the model name for user secrets)')
      .addOption(formatOption(['tabular', 'json', 'yaml']))
      .action(
        async (options: ModelOptions & { owner?: string; format: 'tabular' | 'json' | 'yaml' }) => {
          printSecrets(
            ctx,
            await ctx.client.secrets(ctx.model(options.model), options.owner),
            options.format,
          );
        },
      ),
    ['charmkit secrets', 'charmkit secrets --format json --owner dev'],
  );
  examples(
    program
      .command('show-secret')
      .description('Show a secret; --reveal prints its content.')
      .addOption(modelOption())
      .argument('<secret>', 'secret URI, name or label')
      .option('--reveal', 'include the content')
      .option('--revisions', 'include every revision')
      .option('--revision <n>', 'the revision to reveal (default: the latest)')
      .addOption(formatOption(['yaml', 'json']))
      .action(
        async (
          ref: string,
          options: ModelOptions & {
            reveal?: boolean;
            revisions?: boolean;
            revision?: string;
            format: 'json' | 'yaml';
          },
        ) => {
          const doc = await ctx.client.showSecret(ctx.model(options.model), ref, {
            reveal: options.reveal === true,
            revisions: options.revisions === true,
            ...(options.revision === undefined
              ? {}
              : { revision: count(options.revision, '--revision') }),
          });
          ctx.io.stdout(render(doc, options.format));
        },
      ),
    [
      'charmkit show-secret db-admin --reveal',
      'charmkit show-secret secret:d0vd… --revisions --format json',
    ],
  );
  examples(
    program
      .command('remove-secret')
      .description('Remove a user secret, or one of its revisions.')
      .addOption(modelOption())
      .argument('<secret>', 'secret URI or name')
      .option('--revision <n>', 'remove only this revision')
      .option('--no-prompt', 'do not ask for confirmation (never asked)')
      .action(async (ref: string, options: ModelOptions & { revision?: string }) => {
        await ctx.client.removeSecret(
          ctx.model(options.model),
          ref,
          options.revision === undefined ? undefined : count(options.revision, '--revision'),
        );
      }),
    ['charmkit remove-secret db-admin', 'charmkit remove-secret db-admin --revision 1'],
  );
}
