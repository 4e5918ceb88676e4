/**
 * @module `@charmkit/paas`: 12-factor framework charms. An Express (any `npm start`) app
 * becomes a charm by subclassing {@link ExpressCharm}; `charmkit init --profile expressjs`
 * writes that charm (`@charmkit/paas/init`).
 */
export { ExpressCharm } from './express-charm.ts';
export { databaseEnv, frameworkEnv, urlEnv, userConfigEnv } from './environment.ts';
export type { FrameworkSettings } from './environment.ts';
export { processScripts } from './app-source.ts';
export { RestartLock } from './restart-lock.ts';
