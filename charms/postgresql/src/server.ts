/**
 * @module The PostgreSQL server in the `postgresql` container, driven only through Pebble:
 * finding the binaries, `initdb` on first start, the service and its readiness check, SQL
 * through `psql` and dumps through `pg_dump`, all as the database's own OS user over a unix
 * socket in a 0700 directory. Local charm code never touches the workload's files, so this
 * works the same whether the charm runs as root or as an unprivileged user.
 */
import type { Container } from '@charmkit/ops';
import type { ExecOptions, LayerSpec } from '@charmkit/ops/pebble';

export const SERVICE = 'postgresql';
const READY_CHECK = 'ready';
/** The superuser `initdb` creates; its password is the operator password. */
export const OPERATOR = 'operator';

export interface Binaries {
  readonly binDir: string;
  /** `15.14`. */
  readonly version: string;
}

export interface ServerSettings extends Binaries {
  /** The cluster's data directory (on the charm's storage). */
  readonly dataDir: string;
  /** Where the unix socket lives (0700, the database user's). */
  readonly socketDir: string;
  readonly address: string;
  readonly port: number;
  /** The OS user the server runs as; undefined: Pebble's own user. */
  readonly user: string | undefined;
}

/**
 * The PostgreSQL installation: `binDir` when given, else the newest
 * `/usr/lib/postgresql/<major>/bin` (Debian's layout). Undefined when there is none.
 */
export async function findBinaries(
  container: Container,
  binDir: string | undefined,
): Promise<Binaries | undefined> {
  const script = binDir
    ? 'test -x "$1/postgres" && echo "$1"'
    : 'ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1';
  const found = await container.exec(['sh', '-c', script, 'find', binDir ?? '']);
  const dir = found.stdout.trim();
  if (found.exitCode !== 0 || dir === '') return undefined;
  const version = await container.exec([`${dir}/postgres`, '--version']);
  const match = /\(PostgreSQL\) (\d+(?:\.\d+)?)/.exec(version.stdout);
  if (version.exitCode !== 0 || !match) return undefined;
  return { binDir: dir, version: match[1]! };
}

/**
 * The OS user to run the server as. PostgreSQL refuses root: when Pebble runs as root, the
 * `postgres` user (Debian's package creates it), else `nobody`; otherwise Pebble's own user.
 */
export async function serverUser(container: Container): Promise<string | undefined> {
  const self = await container.exec(['id', '-u']);
  if (self.stdout.trim() !== '0') return undefined;
  const postgres = await container.exec(['id', '-u', 'postgres']);
  return postgres.exitCode === 0 ? 'postgres' : 'nobody';
}

export class PostgresServer {
  readonly container: Container;
  readonly settings: ServerSettings;

  constructor(container: Container, settings: ServerSettings) {
    this.container = container;
    this.settings = settings;
  }

  get #owner(): { user?: string } {
    return this.settings.user ? { user: this.settings.user } : {};
  }

  #bin(name: string): string {
    return `${this.settings.binDir}/${name}`;
  }

  async initialised(): Promise<boolean> {
    return this.container.exists(`${this.settings.dataDir}/PG_VERSION`);
  }

  /** `initdb` into an empty data directory, and the client authentication rules. */
  async initialise(): Promise<void> {
    const { dataDir, socketDir } = this.settings;
    for (const dir of [dataDir, socketDir])
      await this.container.makeDir(dir, { makeParents: true, permissions: 0o700, ...this.#owner });
    await this.#run([
      this.#bin('initdb'),
      '--pgdata',
      dataDir,
      '--username',
      OPERATOR,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-instructions',
    ]);
    // Local (socket) connections: only the database's OS user can reach the 0700 socket
    // directory, so trust is safe there; every TCP connection needs a SCRAM password.
    const hba = [
      'local all all trust',
      'host all all 0.0.0.0/0 scram-sha-256',
      'host all all ::/0 scram-sha-256',
      '',
    ].join('\n');
    await this.container.push(`${dataDir}/pg_hba.conf`, hba, {
      permissions: 0o600,
      ...this.#owner,
    });
  }

  layer(): LayerSpec {
    const { dataDir, socketDir, address, port } = this.settings;
    const options = [
      `listen_addresses=${address}`,
      `port=${port}`,
      `unix_socket_directories=${socketDir}`,
      'password_encryption=scram-sha-256',
    ];
    return {
      summary: 'PostgreSQL',
      services: {
        [SERVICE]: {
          override: 'replace',
          summary: 'PostgreSQL server',
          command: [this.#bin('postgres'), '-D', dataDir, ...options.flatMap((o) => ['-c', o])]
            .map(shellWord)
            .join(' '),
          startup: 'enabled',
          'on-failure': 'restart',
          ...this.#owner,
        },
      },
      checks: {
        [READY_CHECK]: {
          override: 'replace',
          level: 'ready',
          period: '5s',
          threshold: 3,
          exec: {
            command: `${shellWord(this.#bin('pg_isready'))} -q -h ${shellWord(socketDir)} -p ${port}`,
            ...this.#owner,
          },
        },
      },
    };
  }

  /** Adds the layer and replans: starts the server, or restarts it when settings changed. */
  async apply(): Promise<void> {
    await this.container.addLayer(SERVICE, this.layer(), { combine: true });
    await this.container.replan();
  }

  /** Whether the server accepts connections, polling for up to `timeoutMs`. */
  async ready(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const { socketDir, port } = this.settings;
    for (;;) {
      const probe = await this.container.exec(
        [this.#bin('pg_isready'), '-q', '-h', socketDir, '-p', String(port)],
        this.#owner,
      );
      if (probe.exitCode === 0) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Runs SQL as the operator over the socket; returns psql's unaligned, tuples-only output. */
  async sql(sql: string, database = 'postgres'): Promise<string> {
    const { socketDir, port } = this.settings;
    return this.#run(
      [
        this.#bin('psql'),
        ...['-h', socketDir, '-p', String(port), '-U', OPERATOR, '-d', database],
        ...['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-f', '-'],
      ],
      { stdin: sql },
    );
  }

  /** `pg_dump` of `database` (plain SQL) to `path`; returns the file's size in bytes. */
  async dump(database: string, path: string): Promise<number> {
    const { socketDir, port } = this.settings;
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    await this.container.makeDir(dir, { makeParents: true, permissions: 0o700, ...this.#owner });
    await this.#run([
      this.#bin('pg_dump'),
      ...['-h', socketDir, '-p', String(port), '-U', OPERATOR],
      ...['--format=plain', '--file', path, database],
    ]);
    const [file] = await this.container.listFiles(path, { itself: true });
    return file?.size ?? 0;
  }

  async #run(command: string[], options: ExecOptions = {}): Promise<string> {
    const result = await this.container.exec(command, { ...this.#owner, ...options });
    if (result.exitCode !== 0) {
      const name = command[0]!.slice(command[0]!.lastIndexOf('/') + 1);
      throw new Error(`${name} failed: ${(result.stderr || result.stdout).trim()}`);
    }
    return result.stdout;
  }
}

/** A word for Pebble's shell-like command parsing. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./=:,@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
