// Generated from the charm metadata by charmkit-typegen; do not edit.
// Regenerate with `npx charmkit-typegen <charm dir>` after changing charmcraft.yaml.
import type { CharmMeta } from '@charmkit/ops';

export const metadata = {
  "name": "hello-web",
  "summary": "A small HTTP greeting service, the Charmkit SDK's worked example.",
  "description": "Runs a tiny Node.js HTTP server in the `web` container under Pebble. The greeting and\nport come from config, an optional API token from a Juju secret, and the units of the\napplication find each other through a peer relation.\n",
  "requires": {},
  "provides": {},
  "peers": {
    "peers": {
      "interface": "hello-web-peers"
    }
  },
  "containers": {
    "web": {
      "resource": "web-image"
    }
  },
  "storage": {},
  "resources": {
    "web-image": {
      "type": "oci-image",
      "description": "Image with Node.js for the greeting server."
    }
  },
  "config": {
    "port": {
      "type": "int",
      "description": "TCP port the greeting server listens on.",
      "default": 8080
    },
    "greeting": {
      "type": "string",
      "description": "Word the server greets with.",
      "default": "hello"
    },
    "server-dir": {
      "type": "string",
      "description": "Directory in the web container the server script is pushed to.",
      "default": "/srv/hello-web"
    },
    "api-token": {
      "type": "secret",
      "description": "Optional secret (key `token`) the server requires as a bearer token."
    }
  },
  "actions": {
    "greet": {
      "description": "Builds a greeting the way the server would.",
      "params": {
        "name": {
          "type": "string",
          "description": "Who to greet."
        },
        "loud": {
          "type": "boolean",
          "default": false,
          "description": "Shout the greeting."
        }
      },
      "required": [
        "name"
      ],
      "additionalProperties": false
    }
  }
} as const satisfies CharmMeta;
