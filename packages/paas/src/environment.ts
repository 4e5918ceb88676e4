/**
 * @module The workload's environment, by paas-charm's rules (paas-charm.md §A.4) for the
 * Express framework: user options as `APP_<NAME>`, the framework's `NODE_ENV`, `PORT`,
 * `APP_SECRET_KEY`, `METRICS_PORT`/`METRICS_PATH`, `APP_BASE_URL`, `APP_PEER_FQDNS`, and
 * each database integration as `<NAME>_DB_*` (the URL taken apart as Python's `urlparse`
 * does), plus `DATABASE_URL` for the primary database.
 */

/** Options the framework owns: never exported as `APP_*` user config. */
export const FRAMEWORK_OPTIONS = new Set([
  'app-port',
  'metrics-port',
  'metrics-path',
  'app-secret-key',
  'app-secret-key-id',
  'node-env',
]);

/** `max-items` → `APP_MAX_ITEMS`. */
export function userOptionName(option: string): string {
  return `APP_${option.toUpperCase().replaceAll('-', '_')}`;
}

/** paas-charm's `encode_env`: strings raw, everything else JSON. */
function encode(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * User-defined options: every option not starting with `app-`, `webserver-` or the
 * framework's prefix (`expressjs-`) and not a framework field.
 */
export function userConfigEnv(config: Readonly<Record<string, unknown>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [option, value] of Object.entries(config)) {
    if (value === undefined || FRAMEWORK_OPTIONS.has(option)) continue;
    if (/^(app|webserver|expressjs)-/.test(option)) continue;
    env[userOptionName(option)] = encode(value);
  }
  return env;
}

/**
 * `<prefix>_CONNECT_STRING`, `_SCHEME`, `_NETLOC`, `_PATH`, `_PARAMS`, `_QUERY`, `_FRAGMENT`,
 * `_USERNAME`, `_PASSWORD`, `_HOSTNAME`, `_PORT` and, for databases, `<NAME>_DB_NAME`, with
 * `urlparse`'s values: empty strings kept, absent ones (no user, no port) left out.
 */
export function urlEnv(prefix: string, url: string): Record<string, string> {
  const u = new URL(url);
  const netloc = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0] ?? '';
  const path = u.pathname;
  const [pathOnly, params = ''] = path.split(';');
  const env: Record<string, string> = {
    [`${prefix}_CONNECT_STRING`]: url,
    [`${prefix}_SCHEME`]: u.protocol.replace(/:$/, ''),
    [`${prefix}_NETLOC`]: netloc,
    [`${prefix}_PATH`]: pathOnly ?? '',
    [`${prefix}_PARAMS`]: params,
    [`${prefix}_QUERY`]: u.search.replace(/^\?/, ''),
    [`${prefix}_FRAGMENT`]: u.hash.replace(/^#/, ''),
  };
  if (u.username) env[`${prefix}_USERNAME`] = decodeURIComponent(u.username);
  if (u.password) env[`${prefix}_PASSWORD`] = decodeURIComponent(u.password);
  if (u.hostname) env[`${prefix}_HOSTNAME`] = u.hostname.toLowerCase();
  if (u.port) env[`${prefix}_PORT`] = u.port;
  return env;
}

/** A database integration's variables: `POSTGRESQL_DB_*` and `POSTGRESQL_DB_NAME`. */
export function databaseEnv(name: string, url: string): Record<string, string> {
  const prefix = `${name.toUpperCase()}_DB`;
  const env = urlEnv(prefix, url);
  env[`${prefix}_NAME`] = (env[`${prefix}_PATH`] ?? '').replace(/^\//, '');
  return env;
}

/** What the framework itself contributes. */
export interface FrameworkSettings {
  readonly nodeEnv: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly metricsPath: string;
  readonly secretKey: string;
  readonly baseUrl: string;
  readonly peerFqdns: readonly string[];
}

export function frameworkEnv(settings: FrameworkSettings): Record<string, string> {
  return {
    NODE_ENV: settings.nodeEnv,
    PORT: String(settings.port),
    APP_SECRET_KEY: settings.secretKey,
    METRICS_PORT: String(settings.metricsPort),
    METRICS_PATH: settings.metricsPath,
    APP_BASE_URL: settings.baseUrl,
    APP_PEER_FQDNS: settings.peerFqdns.join(','),
  };
}
