/**
 * @module Renders the route table as a complete `nginx.conf` for one unit: foreground master
 * under Pebble, every path (pid, temp dirs) under the unit's own directory, errors to stderr,
 * one `upstream` block per route (round-robin, keep-alive), path or host routing, websocket
 * upgrades and the X-Forwarded-* headers. Pure text; inputs were validated by routing.ts.
 */
import { HEALTH_PATH, healthText, hostPort } from './routes.ts';
import type { Listen, Route, RouteTable } from './routes.ts';

export interface NginxOptions {
  readonly listen: Listen;
  /** The unit's proxy directory (absolute, no trailing slash). */
  readonly dir: string;
  /**
   * Worker user and group. Needed when Pebble runs as root: nginx would otherwise switch its
   * workers to `nobody`, who cannot reach temp dirs inside the unit's private directory.
   */
  readonly user?: { readonly name: string; readonly group: string };
  readonly workers?: number;
}

const TEMP_DIRS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

/** The whole configuration file. */
export function renderNginxConfig(table: RouteTable, options: NginxOptions): string {
  const { dir, listen } = options;
  const upstreams = table.routes.filter((r) => r.upstreams.length > 0).map(upstreamBlock);
  const listenLine = `listen ${hostPort(listen.address, listen.port)}`;
  const pathRoutes = table.routes.filter((r) => r.host === undefined);
  const hostRoutes = table.routes.filter((r) => r.host !== undefined);
  const health = healthText(table).replace('\n', '\\n');
  return [
    '# Written by the ingress charm; changes are applied with SIGHUP (graceful reload).',
    'daemon off;',
    'master_process on;',
    `worker_processes ${options.workers ?? 2};`,
    `pid ${dir}/nginx.pid;`,
    'error_log stderr warn;',
    // Old workers keep websockets after a reload; bound how long they may linger.
    'worker_shutdown_timeout 10s;',
    ...(options.user ? [`user ${options.user.name} ${options.user.group};`] : []),
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    '  server_tokens off;',
    '  default_type text/plain;',
    ...TEMP_DIRS.map((name) => `  ${name}_temp_path ${dir}/tmp/${name};`),
    "  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }",
    '  proxy_http_version 1.1;',
    '  proxy_read_timeout 300s;',
    '  proxy_next_upstream error timeout;',
    ...upstreams.flat().map((line) => `  ${line}`),
    '  server {',
    `    ${listenLine} default_server;`,
    '    server_name _;',
    `    location = ${HEALTH_PATH} { return 200 "${health}"; }`,
    ...pathRoutes.flatMap(pathLocations).map((line) => `    ${line}`),
    '    location / { return 404 "no route for this path\\n"; }',
    '  }',
    ...hostRoutes
      .flatMap((route) => hostServer(route, listenLine, health))
      .map((line) => `  ${line}`),
    '}',
    '',
  ].join('\n');
}

/** Temp directories nginx needs under the unit's directory (created by the charm). */
export function nginxTempRoot(dir: string): string {
  return `${dir}/tmp`;
}

function upstreamBlock(route: Route): string[] {
  const servers = route.upstreams.map((u) => `  server ${new URL(u).host};`);
  return [`upstream ${route.id} {`, ...servers, '  keepalive 64;', '}'];
}

function target(route: Route, withUri: boolean): string {
  const scheme = new URL(route.upstreams[0] ?? 'http://x').protocol.slice(0, -1);
  return `${scheme}://${route.id}${withUri ? '/' : ''}`;
}

function proxyBody(route: Route, withUri: boolean): string[] {
  if (route.upstreams.length === 0) {
    return [`return 502 "no upstream available for ${route.app}\\n";`];
  }
  return [
    `proxy_pass ${target(route, withUri)};`,
    'proxy_set_header Host $http_host;',
    'proxy_set_header Upgrade $http_upgrade;',
    'proxy_set_header Connection $connection_upgrade;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_set_header X-Forwarded-Host $http_host;',
    ...(withUri && route.prefix ? [`proxy_set_header X-Forwarded-Prefix ${route.prefix};`] : []),
  ];
}

function pathLocations(route: Route): string[] {
  const prefix = route.prefix ?? '';
  const body = proxyBody(route, route.stripPrefix).map((line) => `  ${line}`);
  return [`location = ${prefix} {`, ...body, '}', `location ^~ ${prefix}/ {`, ...body, '}'];
}

function hostServer(route: Route, listenLine: string, health: string): string[] {
  return [
    'server {',
    `  ${listenLine};`,
    `  server_name ${route.host ?? '_'};`,
    `  location = ${HEALTH_PATH} { return 200 "${health}"; }`,
    '  location / {',
    ...proxyBody(route, false).map((line) => `    ${line}`),
    '  }',
    '}',
  ];
}
