/** @module The ingress charm's entry point (bundled by esbuild at deploy). */
import { runCharm } from '@charmkit/ops';
import { IngressCharm } from './charm.ts';

await runCharm(IngressCharm);
