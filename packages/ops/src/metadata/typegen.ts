/**
 * @module Renders a charm's metadata as a TypeScript module (`metadata.generated.ts`): the
 * normalised {@link CharmMeta} written `as const`, which types config keys, endpoints,
 * containers and action params for the author and spares the charm any YAML parsing at
 * run time.
 */
import type { CharmMeta } from './types.ts';

export const GENERATED_HEADER =
  '// Generated from the charm metadata by charmkit-typegen; do not edit.\n' +
  '// Regenerate with `npx charmkit-typegen <charm dir>` after changing charmcraft.yaml.\n';

/** The module text for `meta`. Deterministic: same metadata, same bytes. */
export function renderMetadataModule(meta: CharmMeta): string {
  return (
    GENERATED_HEADER +
    "import type { CharmMeta } from '@charmkit/ops';\n\n" +
    `export const metadata = ${JSON.stringify(meta, null, 2)} as const satisfies CharmMeta;\n`
  );
}
