/**
 * @module Relation verbs (juju-semantics.md §1.2): `integrate <a[:ep]> <b[:ep]>` and
 * `remove-relation <a[:ep]> <b[:ep]>`.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { usage } from '../errors.ts';
import { examples, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

const ENDPOINT = /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-_]*)?$/;

function endpoints(a: string, b: string): [string, string] {
  for (const e of [a, b]) {
    if (!ENDPOINT.test(e))
      throw usage(`invalid endpoint "${e}": expected <application>[:<endpoint>]`);
  }
  return [a, b];
}

/** Registers `integrate` and `remove-relation`. */
export function registerRelationCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('integrate')
      .description('Integrate two applications (add a relation between their endpoints).')
      .addOption(modelOption())
      .argument('<application1[:endpoint]>')
      .argument('<application2[:endpoint]>')
      .option('--via <cidrs>', 'ignored: no cross-model relations')
      .action(async (a: string, b: string, options: ModelOptions) => {
        const pair = endpoints(a, b);
        await ctx.client.integrate(ctx.model(options.model), pair);
      }),
    ['charmkit integrate web db', 'charmkit integrate web:database db:database'],
  );
  examples(
    program
      .command('remove-relation')
      .description('Remove the relation between two applications.')
      .addOption(modelOption())
      .argument('<application1[:endpoint]>')
      .argument('<application2[:endpoint]>')
      .option('--force', 'ignored')
      .action(async (a: string, b: string, options: ModelOptions) => {
        const pair = endpoints(a, b);
        await ctx.client.removeRelation(ctx.model(options.model), pair);
      }),
    ['charmkit remove-relation web db', 'charmkit remove-relation web:database db'],
  );
}
