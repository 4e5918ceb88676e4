/**
 * @module `@charmkit/ops/metadata`: reading and validating charm metadata, action params
 * and generating the typed metadata module. Kept out of the main entry so a charm's bundle
 * does not load a YAML parser or a JSON-Schema validator at run time.
 */
export { loadCharmMeta, parseCharmMeta, MetadataError } from './load.ts';
export type { MetadataFiles } from './load.ts';
export { validateActionParams } from './action-params.ts';
export { renderMetadataModule } from './typegen.ts';
export { configValueFits } from './config-values.ts';
