/** The workload environment, by paas-charm's names and rules (paas-charm.md §A.4). */
import { describe, expect, it } from 'vitest';
import { databaseEnv, frameworkEnv, userConfigEnv } from '../src/environment.ts';

describe('environment', () => {
  it('takes a PostgreSQL URI apart exactly as paas-charm does', () => {
    expect(
      databaseEnv('postgresql', 'postgresql://relation_id_4:s3cr%2Ft@10.1.2.3:5432/shop'),
    ).toEqual({
      POSTGRESQL_DB_CONNECT_STRING: 'postgresql://relation_id_4:s3cr%2Ft@10.1.2.3:5432/shop',
      POSTGRESQL_DB_SCHEME: 'postgresql',
      POSTGRESQL_DB_NETLOC: 'relation_id_4:s3cr%2Ft@10.1.2.3:5432',
      POSTGRESQL_DB_PATH: '/shop',
      POSTGRESQL_DB_PARAMS: '',
      POSTGRESQL_DB_QUERY: '',
      POSTGRESQL_DB_FRAGMENT: '',
      POSTGRESQL_DB_USERNAME: 'relation_id_4',
      POSTGRESQL_DB_PASSWORD: 's3cr/t',
      POSTGRESQL_DB_HOSTNAME: '10.1.2.3',
      POSTGRESQL_DB_PORT: '5432',
      POSTGRESQL_DB_NAME: 'shop',
    });
  });

  it('exports user options as APP_*, JSON-encoding non-strings, and skips framework options', () => {
    expect(
      userConfigEnv({
        greeting: 'hi',
        'max-items': 10,
        debug: true,
        'app-port': 8080,
        'node-env': 'production',
        'app-healthcheck-path': '/health',
        'webserver-workers': 2,
        unset: undefined,
      }),
    ).toEqual({ APP_GREETING: 'hi', APP_MAX_ITEMS: '10', APP_DEBUG: 'true' });
  });

  it("gives the framework's variables", () => {
    expect(
      frameworkEnv({
        nodeEnv: 'production',
        port: 8080,
        metricsPort: 9464,
        metricsPath: '/metrics',
        secretKey: 'k',
        baseUrl: 'http://127.1.0.3:8080/demo-demo',
        peerFqdns: ['127.1.0.2', '127.1.0.4'],
      }),
    ).toEqual({
      NODE_ENV: 'production',
      PORT: '8080',
      APP_SECRET_KEY: 'k',
      METRICS_PORT: '9464',
      METRICS_PATH: '/metrics',
      APP_BASE_URL: 'http://127.1.0.3:8080/demo-demo',
      APP_PEER_FQDNS: '127.1.0.2,127.1.0.4',
    });
  });
});
