/**
 * @module The app as the charm sees it through Pebble: its directory (the `app-image`
 * resource, locally a directory), its `package.json` scripts — `start`, an optional
 * `migrate`, processes named `*-worker` and `*-scheduler` — and its release: a digest of its
 * files, so migrations run once per release.
 */
import type { Container } from '@charmkit/ops';

export interface AppSource {
  readonly dir: string;
  readonly scripts: Readonly<Record<string, string>>;
  /** sha256 over the app's files (node_modules, .git and charm/ left out). */
  readonly release: string;
  readonly hasLockfile: boolean;
  readonly hasNodeModules: boolean;
}

/** Why the app cannot be used, as a status message, or the app. */
export async function readAppSource(
  container: Container,
  dir: string,
): Promise<AppSource | { problem: string }> {
  if (!(await container.exists(`${dir}/package.json`)))
    return {
      problem: `no package.json in the app directory ${dir}: deploy with --resource app-image=<your app's directory>`,
    };
  let scripts: Record<string, string>;
  try {
    const manifest = JSON.parse(
      await container.pull(`${dir}/package.json`, { encoding: 'utf8' }),
    ) as { scripts?: Record<string, string> };
    scripts = manifest.scripts ?? {};
  } catch (error) {
    return { problem: `cannot read ${dir}/package.json: ${(error as Error).message}` };
  }
  if (!scripts.start)
    return { problem: `package.json in ${dir} has no "start" script: add one that starts the app` };
  const digest = await container.exec(
    [
      'sh',
      '-c',
      'cd "$1" && find . \\( -name node_modules -o -name .git -o -path ./charm \\) -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum',
      'release',
      dir,
    ],
    {},
  );
  return {
    dir,
    scripts,
    release: digest.stdout.slice(0, 16),
    hasLockfile: await container.exists(`${dir}/package-lock.json`),
    hasNodeModules: await container.exists(`${dir}/node_modules`),
  };
}

/** Scripts run as processes: `*-worker` on every unit, `*-scheduler` on the leader only. */
export function processScripts(
  scripts: Readonly<Record<string, string>>,
  leader: boolean,
): string[] {
  return Object.keys(scripts)
    .filter((name) => name.endsWith('-worker') || (leader && name.endsWith('-scheduler')))
    .sort();
}
