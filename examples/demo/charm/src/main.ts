/** @module The charm's entry point (bundled at deploy). */
import { runCharm } from '@charmkit/ops';
import { AppCharm } from './charm.ts';

await runCharm(AppCharm);
