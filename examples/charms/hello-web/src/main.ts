/** @module hello-web's entry point: what `dispatch` runs (bundled by esbuild for packing). */
import { runCharm } from '@charmkit/ops';
import { HelloWebCharm } from './charm.ts';

await runCharm(HelloWebCharm);
