// Generated from charmcraft.yaml by charmkit-typegen; do not edit.
import type { CharmMeta } from '@charmkit/ops';

export const metadata = {
  name: 'hello-web',
  summary: "A small HTTP greeting service, the Charmkit SDK's worked example.",
  requires: {},
  provides: {},
  peers: { peers: { interface: 'hello-web-peers' } },
  containers: { web: { resource: 'web-image' } },
  storage: {},
  resources: {
    'web-image': { type: 'oci-image', description: 'Image with Node.js for the greeting server.' },
  },
  config: {
    port: { type: 'int', default: 8080, description: 'TCP port the greeting server listens on.' },
    greeting: { type: 'string', default: 'hello', description: 'Word the server greets with.' },
    'api-token': {
      type: 'secret',
      description: 'Optional secret (key `token`) the server requires as a bearer token.',
    },
  },
  actions: {
    greet: {
      description: 'Builds a greeting the way the server would.',
      params: {
        name: { type: 'string', description: 'Who to greet.' },
        loud: { type: 'boolean', default: false, description: 'Shout the greeting.' },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
} as const satisfies CharmMeta;
