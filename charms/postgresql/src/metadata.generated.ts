// Generated from the charm metadata by charmkit-typegen; do not edit.
// Regenerate with `npx charmkit-typegen <charm dir>` after changing charmcraft.yaml.
import type { CharmMeta } from '@charmkit/ops';

export const metadata = {
  "name": "postgresql",
  "summary": "A PostgreSQL server under Pebble, giving each related application its own database and user.",
  "description": "Runs the host's PostgreSQL server in the `postgresql` container, with its data on the\ncharm's storage. Implements the provider side of `postgresql_client` as the\npostgresql-k8s charm does: a database and a user per related application, credentials\nhanded over in Juju secrets, users dropped when the relation goes. Actions give the\noperator password and take logical backups with pg_dump.\n",
  "requires": {},
  "provides": {
    "database": {
      "interface": "postgresql_client"
    }
  },
  "peers": {},
  "containers": {
    "postgresql": {
      "resource": "postgresql-image",
      "mounts": [
        {
          "storage": "pgdata",
          "location": "/var/lib/postgresql/data"
        }
      ]
    }
  },
  "storage": {
    "pgdata": {
      "type": "filesystem",
      "description": "The database cluster's data directory."
    }
  },
  "resources": {
    "postgresql-image": {
      "type": "oci-image",
      "description": "Image with PostgreSQL (locally, the host's installation is used)."
    }
  },
  "config": {
    "port": {
      "type": "int",
      "description": "TCP port the server listens on (on the unit's own address).",
      "default": 5432
    },
    "bin-dir": {
      "type": "string",
      "description": "Directory with postgres, initdb, psql and pg_dump; default the newest /usr/lib/postgresql/<major>/bin.",
      "default": ""
    }
  },
  "actions": {
    "get-password": {
      "description": "The password of a database user the charm manages.",
      "params": {
        "username": {
          "type": "string",
          "default": "operator",
          "description": "The user (only `operator` is exposed)."
        }
      },
      "required": [],
      "additionalProperties": false
    },
    "set-password": {
      "description": "Sets the operator's password (a random one when none is given).",
      "params": {
        "username": {
          "type": "string",
          "default": "operator",
          "description": "The user (only `operator` can be set)."
        },
        "password": {
          "type": "string",
          "description": "The new password."
        }
      },
      "required": [],
      "additionalProperties": false
    },
    "create-backup": {
      "description": "A logical backup (pg_dump, plain SQL) of one database to a file on the unit.",
      "params": {
        "database": {
          "type": "string",
          "description": "The database to dump."
        },
        "path": {
          "type": "string",
          "description": "Where to write it; default `<storage>/backups/<database>-<time>.sql`."
        }
      },
      "required": [
        "database"
      ],
      "additionalProperties": false
    }
  }
} as const satisfies CharmMeta;
