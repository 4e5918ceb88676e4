/** @module Public entry of `@charmkit/pebble`: a Pebble-compatible daemon. */
export { PEBBLE_VERSION, PebbleDaemon } from './daemon.ts';
export type { PebbleDaemonOptions } from './daemon.ts';
export { PebbleHost } from './host.ts';
