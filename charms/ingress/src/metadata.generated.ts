// Generated from the charm metadata by charmkit-typegen; do not edit.
// Regenerate with `npx charmkit-typegen <charm dir>` after changing charmcraft.yaml.
import type { CharmMeta } from '@charmkit/ops';

export const metadata = {
  "name": "ingress",
  "summary": "A reverse proxy that gives related applications a URL (ingress v2 provider).",
  "description": "Implements the provider side of the `ingress` v2 interface (Traefik's\nIngressPerAppProvider): every related application gets a URL, by path\n(`/<model>-<app>`) or by subdomain, and requests are load-balanced round-robin across\nits units. The proxy is nginx when it is installed, otherwise an embedded Node.js\nreverse proxy; both reload without dropping requests.\n",
  "requires": {},
  "provides": {
    "ingress": {
      "interface": "ingress"
    }
  },
  "peers": {},
  "containers": {
    "proxy": {
      "resource": "proxy-image"
    }
  },
  "storage": {},
  "resources": {
    "proxy-image": {
      "type": "oci-image",
      "description": "Image with nginx (optional) for the proxy."
    }
  },
  "config": {
    "port": {
      "type": "int",
      "description": "TCP port the proxy listens on.",
      "default": 8080
    },
    "bind-address": {
      "type": "string",
      "description": "Address the proxy listens on; empty means the unit's own address.",
      "default": ""
    },
    "external-hostname": {
      "type": "string",
      "description": "Host name (or address) in the URLs handed out; empty means the bind address.",
      "default": ""
    },
    "routing-mode": {
      "type": "string",
      "description": "`path` (http://host:port/<model>-<app>) or `subdomain` (http://<app>.<model>.host:port/).",
      "default": "path"
    },
    "proxy": {
      "type": "string",
      "description": "`auto` (nginx when installed, else embedded), `nginx` or `embedded`.",
      "default": "auto"
    }
  },
  "actions": {}
} as const satisfies CharmMeta;
