/**
 * @module The resolved form of every hook-tool invocation: a discriminated union on `tool`, one
 * member per tool, with every option resolved to an explicit field (Juju's defaults applied, files
 * and stdin already read). Produced by `parseToolCall`, consumed by the executor, which owns every
 * check needing model state (does relation 3 exist, is this unit the leader, …).
 */

/** Output formats of Juju's `cmd.Output` (`--format`). */
export type OutputFormat = 'json' | 'yaml' | 'smart';

/** `--format` and `-o/--output` of tools that print a value. */
export type Output = {
  readonly format: OutputFormat;
  /** `-o/--output <path>`: Juju writes the output to this file instead of stdout. */
  readonly output?: string;
};

/**
 * A `-r`/`--relation` value. Juju only uses the number after the last `:`; the endpoint (ops ≥ 3.7.1
 * sends `db:3`) is kept so the executor can check it. Unknown ids must be reported by the executor
 * as `invalid value "<raw>" for option <flag>: relation not found` (exit 2).
 */
export type RelationRef = {
  readonly relationId: number;
  readonly relationEndpoint?: string;
  /** The text given (or `JUJU_RELATION_ID` when defaulted). */
  readonly relationRaw: string;
  /** `-r` or `--relation`; `undefined` when defaulted from the hook's relation. */
  readonly relationFlag?: string;
};

/** A parsed secret reference (`secret:<id>`, `secret://<uuid>/<id>` or a bare `<id>`). */
export type SecretUri = {
  readonly id: string;
  /** The model/controller UUID of `secret://<uuid>/<id>`. */
  readonly sourceUuid?: string;
  readonly raw: string;
};

export const ROTATE_POLICIES = [
  'never',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
] as const;
export type RotatePolicy = (typeof ROTATE_POLICIES)[number];

export const SETTABLE_STATUSES = ['maintenance', 'blocked', 'waiting', 'active'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

/** Metadata flags shared by `secret-add` and `secret-set`. */
export type SecretMetadataFlags = {
  readonly owner: 'application' | 'unit';
  readonly label?: string;
  readonly description?: string;
  /** `--expire`, resolved to an absolute UTC instant (durations from the parse time). */
  readonly expire?: Date;
  readonly rotate?: RotatePolicy;
  /** Content keys → **base64** values (Juju's `SecretData`); `key#base64=` values kept as given. */
  readonly contentBase64: Readonly<Record<string, string>>;
};

export type PortRange = {
  readonly protocol: 'tcp' | 'udp' | 'icmp';
  /** Absent for `icmp`. */
  readonly fromPort?: number;
  readonly toPort?: number;
};

/** `--format` of tools that only accept it for compatibility (Juju warns on stderr when given). */
export type DeprecatedFormat = { readonly deprecatedFormat?: string };

export type RelationIdsCall = { tool: 'relation-ids'; endpoint: string } & Output;
export type RelationListCall = { tool: 'relation-list'; app: boolean } & RelationRef & Output;
export type RelationGetCall = {
  tool: 'relation-get';
  /** Whether the application bag is read (given, or implied when only a remote app is known). */
  app: boolean;
  /** `undefined` = all keys (no key or `-`). */
  key?: string;
  /** Unit name, or application name when `app` (a unit name given with `--app` becomes its app). */
  target: string;
} & RelationRef &
  Output;
export type RelationSetCall = {
  tool: 'relation-set';
  app: boolean;
  /** File/stdin settings overridden by `key=value` args; `''` deletes a key. */
  settings: Readonly<Record<string, string>>;
  /** `--file` path as given (`-` = stdin). */
  file?: string;
} & RelationRef &
  DeprecatedFormat;
export type RelationModelGetCall = { tool: 'relation-model-get' } & RelationRef & Output;
export type ConfigGetCall = { tool: 'config-get'; key?: string; all: boolean } & Output;
export type IsLeaderCall = { tool: 'is-leader' } & Output;
export type ResourceGetCall = { tool: 'resource-get'; name: string };
export type StatusGetCall = {
  tool: 'status-get';
  includeData: boolean;
  application: boolean;
} & Output;
export type StatusSetCall = {
  tool: 'status-set';
  status: SettableStatus;
  message: string;
  application: boolean;
};
export type StorageListCall = { tool: 'storage-list'; name?: string } & Output;
export type StorageGetCall = { tool: 'storage-get'; storageId: string; key?: string } & Output;
export type StorageAddCall = { tool: 'storage-add'; counts: Readonly<Record<string, number>> };
export type ActionGetCall = { tool: 'action-get'; keys: readonly string[] } & Output;
export type ActionSetCall = {
  tool: 'action-set';
  /** In argument order; `path` is the dotted key split on `.`. */
  results: readonly { readonly path: readonly string[]; readonly value: string }[];
};
export type ActionLogCall = { tool: 'action-log'; message: string };
export type ActionFailCall = { tool: 'action-fail'; message: string };
export type ApplicationVersionSetCall = { tool: 'application-version-set'; version: string };
export type JujuLogCall = {
  tool: 'juju-log';
  message: string;
  /** As given (default `INFO`); Juju treats unknown levels as INFO with a warning. */
  level: string;
  debug: boolean;
} & DeprecatedFormat;
export type NetworkGetCall = {
  tool: 'network-get';
  binding: string;
  /** Defaults to the hook's relation, like Juju. */
  relation?: RelationRef;
  primaryAddress: boolean;
  bindAddress: boolean;
  ingressAddress: boolean;
  egressSubnets: boolean;
} & Output;
export type GoalStateCall = { tool: 'goal-state' } & Output;
export type SecretAddCall = { tool: 'secret-add' } & SecretMetadataFlags;
export type SecretSetCall = { tool: 'secret-set'; uri: SecretUri } & SecretMetadataFlags;
export type SecretGetCall = {
  tool: 'secret-get';
  uri?: SecretUri;
  label?: string;
  /** `key` or `key#base64`. */
  key?: string;
  peek: boolean;
  refresh: boolean;
} & Output;
export type SecretInfoGetCall = {
  tool: 'secret-info-get';
  uri?: SecretUri;
  label?: string;
} & Output;
export type SecretGrantCall = { tool: 'secret-grant'; uri: SecretUri; unit?: string } & RelationRef;
export type SecretRevokeCall = {
  tool: 'secret-revoke';
  uri: SecretUri;
  relation?: RelationRef;
  app?: string;
  unit?: string;
};
export type SecretRemoveCall = { tool: 'secret-remove'; uri: SecretUri; revision?: number };
export type SecretIdsCall = { tool: 'secret-ids' } & Output;
export type OpenPortCall = {
  tool: 'open-port';
  /** `undefined` = all endpoints. */
  endpoints?: readonly string[];
} & PortRange &
  DeprecatedFormat;
export type ClosePortCall = {
  tool: 'close-port';
  endpoints?: readonly string[];
} & PortRange &
  DeprecatedFormat;
export type OpenedPortsCall = { tool: 'opened-ports'; endpoints: boolean } & Output;
export type CredentialGetCall = { tool: 'credential-get' } & Output;
export type StateGetCall = { tool: 'state-get'; key?: string; strict: boolean } & Output;
export type StateSetCall = { tool: 'state-set'; values: Readonly<Record<string, string>> };
/** No key: Juju does nothing. */
export type StateDeleteCall = { tool: 'state-delete'; key?: string };
export type JujuRebootCall = { tool: 'juju-reboot'; now: boolean };
export type PodSpecSetCall = {
  tool: 'pod-spec-set';
  /** Contents of `--file` (default stdin). */
  spec: string;
  k8sResources?: string;
};
export type AddMetricCall = {
  tool: 'add-metric';
  metrics: readonly { readonly key: string; readonly value: string }[];
  labels: Readonly<Record<string, string>>;
};
/** `<tool> --help` / `-h`: print `text` on stdout, exit 0 (ops ≤ 3.3 parses `storage-get --help`). */
export type HelpCall = { tool: 'help'; of: string; text: string };

export type ToolCall =
  | RelationIdsCall
  | RelationListCall
  | RelationGetCall
  | RelationSetCall
  | RelationModelGetCall
  | ConfigGetCall
  | IsLeaderCall
  | ResourceGetCall
  | StatusGetCall
  | StatusSetCall
  | StorageListCall
  | StorageGetCall
  | StorageAddCall
  | ActionGetCall
  | ActionSetCall
  | ActionLogCall
  | ActionFailCall
  | ApplicationVersionSetCall
  | JujuLogCall
  | NetworkGetCall
  | GoalStateCall
  | SecretAddCall
  | SecretGetCall
  | SecretInfoGetCall
  | SecretSetCall
  | SecretGrantCall
  | SecretRevokeCall
  | SecretRemoveCall
  | SecretIdsCall
  | OpenPortCall
  | ClosePortCall
  | OpenedPortsCall
  | CredentialGetCall
  | StateGetCall
  | StateSetCall
  | StateDeleteCall
  | JujuRebootCall
  | PodSpecSetCall
  | AddMetricCall
  | HelpCall;

export type ToolName = Exclude<ToolCall['tool'], 'help'>;

/** What the parser may read: the hook's env and (synchronously) stdin and files. */
export type ToolEnv = {
  /** `JUJU_RELATION_ID`, e.g. `db:3`. */
  relationId?: string;
  /** `JUJU_REMOTE_UNIT`. */
  remoteUnit?: string;
  /** `JUJU_REMOTE_APP`. */
  remoteApp?: string;
  /** `JUJU_STORAGE_ID` (default of `storage-get -s`). */
  storageId?: string;
  stdin: () => string;
  readFile: (path: string) => string;
  /** Clock for `--expire <duration>` (default `Date.now`). */
  now?: () => number;
};
