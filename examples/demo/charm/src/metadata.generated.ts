// Generated from the charm metadata by charmkit-typegen; do not edit.
// Regenerate with `npx charmkit-typegen <charm dir>` after changing charmcraft.yaml.
import type { CharmMeta } from '@charmkit/ops';

export const metadata = {
  "name": "charmkit-demo",
  "summary": "The demo 12-factor app: an Express app that stores and lists names in PostgreSQL",
  "description": "Runs the app with `npm start` under Pebble. Config options become APP_* environment\nvariables; integrations become the variables paas-charm defines (POSTGRESQL_DB_*,\nDATABASE_URL, APP_BASE_URL).\n",
  "requires": {
    "postgresql": {
      "interface": "postgresql_client",
      "limit": 1,
      "optional": false
    },
    "ingress": {
      "interface": "ingress",
      "limit": 1,
      "optional": true
    }
  },
  "provides": {},
  "peers": {
    "secret-storage": {
      "interface": "secret-storage"
    }
  },
  "containers": {
    "app": {
      "resource": "app-image"
    }
  },
  "storage": {},
  "resources": {
    "app-image": {
      "type": "oci-image",
      "description": "The app. Locally, its directory (charmkit deploy ./charm --resource app-image=.)."
    }
  },
  "config": {
    "app-port": {
      "type": "int",
      "description": "Port the app listens on (PORT).",
      "default": 8080
    },
    "node-env": {
      "type": "string",
      "description": "NODE_ENV.",
      "default": "production"
    },
    "metrics-port": {
      "type": "int",
      "description": "Port of the app's metrics (METRICS_PORT).",
      "default": 9464
    },
    "metrics-path": {
      "type": "string",
      "description": "Path of the app's metrics (METRICS_PATH).",
      "default": "/metrics"
    },
    "app-secret-key": {
      "type": "string",
      "description": "APP_SECRET_KEY; empty means one the charm generates and shares between units.",
      "default": ""
    },
    "app-healthcheck-path": {
      "type": "string",
      "description": "Path that must answer (any status below 500) before a unit is active.",
      "default": "/"
    }
  },
  "actions": {}
} as const satisfies CharmMeta;
