/**
 * @module `juju status` in its default tabular layout: a Model section, an App section, a
 * Unit section (the leader marked `*`) and, when there are relations, an Integration section.
 */
import { table } from './table.ts';
import { applications, obj, str, units } from './status-view.ts';
import type { Json } from './status-view.ts';

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

function appSection(status: Json): string {
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
      { title: 'Status' },
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

function unitSection(status: Json): string {
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
      { title: 'Workload' },
      { title: 'Agent' },
      { title: 'Address' },
      { title: 'Ports' },
      { title: 'Message' },
    ],
    rows,
  );
}

function relationSection(status: Json): string | undefined {
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const [name, app] of applications(status)) {
    for (const [endpoint, list] of Object.entries(obj(app.relations))) {
      for (const rel of Array.isArray(list) ? list.map(obj) : []) {
        const other = str(rel['related-application']);
        const a = `${name}:${endpoint}`;
        const b = other === name ? a : `${other}:?`;
        const key = [name, other, str(rel.interface)].sort().join(' ');
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push([a, b, str(rel.interface), other === name ? 'peer' : 'regular']);
      }
    }
  }
  if (rows.length === 0) return undefined;
  return table(
    [
      { title: 'Integration provider' },
      { title: 'Requirer' },
      { title: 'Interface' },
      { title: 'Type' },
    ],
    rows,
  );
}

/** Renders a status document the way `juju status` prints it by default. */
export function statusTable(status: Json): string {
  const apps = applications(status);
  if (apps.length === 0)
    return `${modelSection(status)}\n\nModel "${str(obj(status.model).name)}" is empty.\n`;
  const sections = [modelSection(status), appSection(status), unitSection(status)];
  const relations = relationSection(status);
  if (relations !== undefined) sections.push(relations);
  return `${sections.join('\n\n')}\n`;
}
