/** @module The charmkit-demo charm: the Express framework charm of @charmkit/paas. */
import { ExpressCharm } from '@charmkit/paas';
import { metadata } from './metadata.generated.ts';

export class AppCharm extends ExpressCharm {
  static readonly metadata = metadata;
}
