/** @module The files `charmkit init --profile expressjs` writes. */

export interface AppFacts {
  readonly name: string;
  readonly description: string;
  /** The app uses PostgreSQL (`pg` in its dependencies): the integration is required. */
  readonly database: boolean;
}

const title = (name: string): string =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

export function charmcraftYaml(app: AppFacts): string {
  const summary = app.description || `The ${app.name} Express app.`;
  const database = app.database
    ? `  postgresql:
    interface: postgresql_client
    limit: 1
    optional: false
`
    : '';
  return `# Written by charmkit init --profile expressjs: a 12-factor charm for an npm app (@charmkit/paas).
name: ${app.name}
type: charm
title: ${title(app.name)}
summary: '${summary.replaceAll("'", "''")}'
description: |
  Runs the app with \`npm start\` under Pebble. Config options become APP_* environment
  variables; integrations become the variables paas-charm defines (POSTGRESQL_DB_*,
  DATABASE_URL, APP_BASE_URL).
base: ubuntu@24.04
platforms:
  amd64:

containers:
  app:
    resource: app-image

resources:
  app-image:
    type: oci-image
    description: The app. Locally, its directory (charmkit deploy ./charm --resource app-image=.).

peers:
  secret-storage:
    interface: secret-storage

requires:
${database}  ingress:
    interface: ingress
    limit: 1
    optional: true

config:
  options:
    app-port:
      type: int
      default: 8080
      description: Port the app listens on (PORT).
    node-env:
      type: string
      default: production
      description: NODE_ENV.
    metrics-port:
      type: int
      default: 9464
      description: Port of the app's metrics (METRICS_PORT).
    metrics-path:
      type: string
      default: /metrics
      description: Path of the app's metrics (METRICS_PATH).
    app-secret-key:
      type: string
      default: ''
      description: APP_SECRET_KEY; empty means one the charm generates and shares between units.
    app-healthcheck-path:
      type: string
      default: /
      description: Path that must answer (any status below 500) before a unit is active.
`;
}

export function charmPackageJson(app: AppFacts): string {
  return `${JSON.stringify(
    {
      name: `${app.name}-charm`,
      version: '0.1.0',
      private: true,
      type: 'module',
      description: `The charm of ${app.name} (charmkit init --profile expressjs)`,
      dependencies: { '@charmkit/ops': '0.1.0', '@charmkit/paas': '0.1.0' },
    },
    null,
    2,
  )}\n`;
}

export function charmSource(app: AppFacts): string {
  return `/** @module The ${app.name} charm: the Express framework charm of @charmkit/paas. */
import { ExpressCharm } from '@charmkit/paas';
import { metadata } from './metadata.generated.ts';

export class AppCharm extends ExpressCharm {
  static readonly metadata = metadata;
}
`;
}

export function mainSource(): string {
  return `/** @module The charm's entry point (bundled at deploy). */
import { runCharm } from '@charmkit/ops';
import { AppCharm } from './charm.ts';

await runCharm(AppCharm);
`;
}
