/**
 * @module The controller's SQLite schema, one migration per array entry. Everything the
 * controller knows lives here: models, charms, applications, units, relations and their
 * databags, secrets, actions, stored state, status history and logs. The unit agents'
 * "local state" (what each unit has already been told) is stored next to the desired
 * model, so comparing the two yields the next hook and a crash can never lose or repeat one.
 */

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE models (
    uuid TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    config TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL
  );
  CREATE TABLE charms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_uuid TEXT NOT NULL REFERENCES models(uuid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    source TEXT NOT NULL,
    dir TEXT NOT NULL,
    meta TEXT NOT NULL,
    UNIQUE (model_uuid, name, revision)
  );
  CREATE TABLE applications (
    model_uuid TEXT NOT NULL REFERENCES models(uuid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    charm_id INTEGER NOT NULL REFERENCES charms(id),
    config TEXT NOT NULL DEFAULT '{}',
    trust INTEGER NOT NULL DEFAULT 0,
    exposed INTEGER NOT NULL DEFAULT 0,
    leader TEXT,
    life TEXT NOT NULL DEFAULT 'alive',
    status TEXT,
    next_unit INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model_uuid, name)
  );
  CREATE TABLE units (
    model_uuid TEXT NOT NULL REFERENCES models(uuid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    app TEXT NOT NULL,
    life TEXT NOT NULL DEFAULT 'alive',
    address TEXT NOT NULL,
    workload_status TEXT NOT NULL,
    agent_status TEXT NOT NULL,
    workload_version TEXT NOT NULL DEFAULT '',
    ports TEXT NOT NULL DEFAULT '[]',
    stored_state TEXT NOT NULL DEFAULT '{}',
    local_state TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (model_uuid, name)
  );
  CREATE TABLE relations (
    model_uuid TEXT NOT NULL REFERENCES models(uuid) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    life TEXT NOT NULL DEFAULT 'alive',
    endpoints TEXT NOT NULL,
    PRIMARY KEY (model_uuid, id)
  );
  CREATE TABLE settings (
    model_uuid TEXT NOT NULL,
    relation_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model_uuid, relation_id, owner)
  );
  CREATE TABLE status_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_uuid TEXT NOT NULL,
    entity TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    since TEXT NOT NULL
  );
  CREATE TABLE logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_uuid TEXT NOT NULL,
    entity TEXT NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    time TEXT NOT NULL
  );
  CREATE INDEX logs_by_model ON logs (model_uuid, id);
  CREATE TABLE counters (
    model_uuid TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (model_uuid, name)
  );
  `,
  `
  CREATE TABLE actions (
    model_uuid TEXT NOT NULL REFERENCES models(uuid) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    unit TEXT NOT NULL,
    name TEXT NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    results TEXT NOT NULL DEFAULT '{}',
    log TEXT NOT NULL DEFAULT '[]',
    enqueued TEXT NOT NULL,
    started TEXT,
    completed TEXT,
    PRIMARY KEY (model_uuid, id)
  );
  CREATE INDEX actions_pending ON actions (model_uuid, unit, status, id);
  `,
  `
  CREATE TABLE secrets (
    model_uuid TEXT NOT NULL REFERENCES models(uuid) ON DELETE CASCADE,
    id TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner TEXT NOT NULL,
    label TEXT,
    description TEXT,
    rotate TEXT,
    next_rotate TEXT,
    latest_revision INTEGER NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (model_uuid, id)
  );
  CREATE TABLE secret_revisions (
    model_uuid TEXT NOT NULL,
    secret_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    content BLOB NOT NULL,
    expire TEXT,
    created TEXT NOT NULL,
    PRIMARY KEY (model_uuid, secret_id, revision)
  );
  CREATE TABLE secret_consumers (
    model_uuid TEXT NOT NULL,
    secret_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    tracked_revision INTEGER NOT NULL,
    notified_revision INTEGER NOT NULL,
    label TEXT,
    PRIMARY KEY (model_uuid, secret_id, unit)
  );
  CREATE TABLE secret_grants (
    model_uuid TEXT NOT NULL,
    secret_id TEXT NOT NULL,
    target TEXT NOT NULL,
    relation_id INTEGER,
    PRIMARY KEY (model_uuid, secret_id, target)
  );
  `,
  `
  CREATE TABLE workload_events (
    model_uuid TEXT NOT NULL,
    id INTEGER NOT NULL,
    unit TEXT NOT NULL,
    container TEXT NOT NULL,
    kind TEXT NOT NULL,
    notice_id TEXT,
    notice_type TEXT,
    notice_key TEXT,
    check_name TEXT,
    done INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model_uuid, id)
  );
  CREATE TABLE notice_cursors (
    model_uuid TEXT NOT NULL,
    unit TEXT NOT NULL,
    container TEXT NOT NULL,
    after TEXT NOT NULL,
    PRIMARY KEY (model_uuid, unit, container)
  );
  `,
  `
  CREATE TABLE storage_instances (
    model_uuid TEXT NOT NULL,
    id TEXT NOT NULL,
    unit TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    location TEXT NOT NULL,
    PRIMARY KEY (model_uuid, id)
  );
  `,
  `
  ALTER TABLE applications ADD COLUMN resources TEXT NOT NULL DEFAULT '{}';
  `,
];
