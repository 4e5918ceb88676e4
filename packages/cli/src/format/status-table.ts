/**
 * @module `juju status` in its default tabular layout: a Model section, an App section, a
 * Unit section (the leader marked `*`) and, when there are relations, an Integration section.
 */
import { styleText } from 'node:util';
import { table } from './table.ts';
import type { Column } from './table.ts';
import type { Integration } from '../api-client.ts';
import { applications, obj, str, units } from './status-view.ts';
import type { Json } from './status-view.ts';

/** Status colours as juju uses them: green active/idle, red error/blocked, yellow the rest. */
const STATUS_COLOURS: Readonly<Record<string, Parameters<typeof styleText>[0]>> = {
  active: 'green',
  idle: 'green',
  error: 'red',
  blocked: 'red',
  lost: 'red',
  maintenance: 'yellow',
  waiting: 'yellow',
  executing: 'yellow',
  allocating: 'yellow',
};

/** A status column; coloured when `colour` is on. */
function statusColumn(title: string, colour: boolean): Column {
  if (!colour) return { title };
  return {
    title,
    paint: (padded, text) => {
      const style = STATUS_COLOURS[text];
      return style ? styleText(style, padded, { validateStream: false }) : padded;
    },
  };
}

function modelSection(status: Json): string {
  const model = obj(status.model);
  const region = str(model.region);
  return table(
    [
      { title: 'Model' },
      { title: 'Controller' },
      { title: 'Cloud/Region' },
      { title: 'Version' },
      { title: 'SLA' },
      { title: 'Timestamp' },
    ],
    [
      [
        str(model.name),
        str(model.controller),
        region ? `${str(model.cloud)}/${region}` : str(model.cloud),
        str(model.version),
        str(model.sla) || 'unsupported',
        str(obj(status.controller).timestamp),
      ],
    ],
  );
}

function appSection(status: Json, colour: boolean): string {
  const rows = applications(status).map(([name, app]) => {
    const appStatus = obj(app['application-status']);
    return [
      name,
      str(app.version),
      str(appStatus.current),
      str(app.scale ?? units(app).length),
      str(app['charm-name']),
      str(app['charm-channel']),
      str(app['charm-rev']),
      str(app.address),
      app.exposed === true ? 'yes' : 'no',
      str(appStatus.message),
    ];
  });
  return table(
    [
      { title: 'App' },
      { title: 'Version' },
      statusColumn('Status', colour),
      { title: 'Scale', right: true },
      { title: 'Charm' },
      { title: 'Channel' },
      { title: 'Rev', right: true },
      { title: 'Address' },
      { title: 'Exposed' },
      { title: 'Message' },
    ],
    rows,
  );
}

function unitSection(status: Json, colour: boolean): string {
  const rows = applications(status).flatMap(([, app]) =>
    units(app).map(([name, unit]) => {
      const workload = obj(unit['workload-status']);
      const agent = obj(unit['juju-status']);
      const ports = Array.isArray(unit['open-ports']) ? unit['open-ports'].map(str) : [];
      return [
        unit.leader === true ? `${name}*` : name,
        str(workload.current),
        str(agent.current),
        str(unit.address ?? unit['public-address']),
        ports.join(','),
        str(workload.message),
      ];
    }),
  );
  return table(
    [
      { title: 'Unit' },
      statusColumn('Workload', colour),
      statusColumn('Agent', colour),
      { title: 'Address' },
      { title: 'Ports' },
      { title: 'Message' },
    ],
    rows,
  );
}

function integrationSection(integrations: readonly Integration[]): string | undefined {
  if (integrations.length === 0) return undefined;
  return table(
    [
      { title: 'Integration provider' },
      { title: 'Requirer' },
      { title: 'Interface' },
      { title: 'Type' },
      { title: 'Message' },
    ],
    integrations.map((r) => [r.provider, r.requirer, r.interface, r.type, '']),
  );
}

/**
 * Renders a status document the way `juju status` prints it by default; with `colour`,
 * statuses are coloured (for terminals); with `integrations` (`--relations`), the integrations
 * section follows.
 */
export function statusTable(
  status: Json,
  options: { colour?: boolean; integrations?: readonly Integration[] } = {},
): string {
  const colour = options.colour === true;
  const apps = applications(status);
  if (apps.length === 0)
    return `${modelSection(status)}\n\nModel "${str(obj(status.model).name)}" is empty.\n`;
  const sections = [modelSection(status), appSection(status, colour), unitSection(status, colour)];
  const integrations = integrationSection(options.integrations ?? []);
  if (integrations !== undefined) sections.push(integrations);
  return `${sections.join('\n\n')}\n`;
}
