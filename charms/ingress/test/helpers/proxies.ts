/**
 * Both proxies as real processes, configured and reloaded the way the charm does it, without
 * Pebble: the embedded program (`src/workloads/proxy.ts`, routes JSON + SIGHUP) and nginx
 * (the rendered `nginx.conf` + SIGHUP to the master). Shared by the proxy tests and the bench.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderNginxConfig } from '../../src/nginx-config.ts';
import type { Listen, Route } from '../../src/routes.ts';
import { waitForHttp } from './backends.ts';

export type Kind = 'embedded' | 'nginx';

export interface RunningProxy {
  readonly kind: Kind;
  readonly base: string;
  /** Writes the new routes and sends SIGHUP. */
  reload(routes: Route[]): void;
  /** Writes an unusable configuration and sends SIGHUP. */
  reloadBroken(): void;
  stderr(): string;
  stop(): Promise<void>;
}

const program = fileURLToPath(new URL('../../src/workloads/proxy.ts', import.meta.url));

/** nginx's path, or undefined when it is not installed. */
export function findNginx(): string | undefined {
  try {
    const out = execFileSync('sh', ['-c', 'PATH="$PATH:/usr/sbin:/sbin" command -v nginx'], {
      encoding: 'utf8',
    }).trim();
    return out.startsWith('/') ? out : undefined;
  } catch {
    return undefined;
  }
}

/** The kinds this machine can run; nginx missing fails when CHARMKIT_REQUIRE_NGINX=1. */
export function availableKinds(): Kind[] {
  if (findNginx() !== undefined) return ['embedded', 'nginx'];
  if (process.env.CHARMKIT_REQUIRE_NGINX === '1') {
    throw new Error('CHARMKIT_REQUIRE_NGINX=1 but nginx is not installed (apt-get install nginx)');
  }
  return ['embedded'];
}

export async function startProxy(
  kind: Kind,
  listen: Listen,
  routes: Route[],
): Promise<RunningProxy> {
  const dir = mkdtempSync(join(tmpdir(), `ingress-${kind}-`));
  let stderr = '';
  let child: ChildProcess;
  let write: (routes: Route[]) => void;
  let broken: () => void;
  if (kind === 'embedded') {
    const file = join(dir, 'routes.json');
    write = (r) => writeFileSync(file, JSON.stringify({ routes: r }));
    broken = () => writeFileSync(file, '{ not json');
    write(routes);
    child = spawn(process.execPath, [program], {
      env: {
        ...process.env,
        INGRESS_ROUTES: file,
        INGRESS_LISTEN_ADDRESS: listen.address,
        INGRESS_LISTEN_PORT: String(listen.port),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } else {
    const nginx = findNginx()!;
    const conf = join(dir, 'nginx.conf');
    mkdirSync(join(dir, 'tmp'));
    const me = userInfo();
    const user = me.uid === 0 ? { name: me.username, group: groupName() } : undefined;
    write = (r) =>
      writeFileSync(
        conf,
        renderNginxConfig({ routes: r }, { listen, dir, ...(user ? { user } : {}) }),
      );
    broken = () => writeFileSync(conf, 'this is not nginx;\n');
    write(routes);
    child = spawn(nginx, ['-p', `${dir}/`, '-c', conf, '-e', 'stderr'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://${listen.address}:${listen.port}`;
  await waitForHttp(`${base}/_ingress/health`);
  return {
    kind,
    base,
    reload(r) {
      write(r);
      child.kill('SIGHUP');
    },
    reloadBroken() {
      broken();
      child.kill('SIGHUP');
    },
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill(kind === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
      }),
  };
}

function groupName(): string {
  return execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
}
