/**
 * Compile-time checks (run by `tsc` in `npm run lint`): typos in config keys, endpoint
 * names, container names and action params are errors. Each `@ts-expect-error` fails the
 * build if the line it guards ever compiles.
 */
import type { ActionParams, ConfigOf, ContainerName, EndpointName } from '../src/index.ts';
import type { metadata } from '../../../examples/charms/hello-web/src/metadata.generated.ts';

type Meta = typeof metadata;

export const port: ConfigOf<Meta>['port'] = 8080;
// @ts-expect-error a typo in a config key
export const prot: ConfigOf<Meta>['prot'] = 8080;
// @ts-expect-error port is a number
export const portText: ConfigOf<Meta>['port'] = '8080';
export const endpoint: EndpointName<Meta> = 'peers';
// @ts-expect-error a typo in an endpoint name
export const badEndpoint: EndpointName<Meta> = 'peer';
export const web: ContainerName<Meta> = 'web';
// @ts-expect-error a container the charm does not have
export const badContainer: ContainerName<Meta> = 'wbe';
export const params: ActionParams<Meta, 'greet'> = { name: 'Ada', loud: true };
// @ts-expect-error name is required
export const missingName: ActionParams<Meta, 'greet'> = { loud: true };
// @ts-expect-error loud is a boolean
export const loudText: ActionParams<Meta, 'greet'> = { name: 'Ada', loud: 'yes' };
