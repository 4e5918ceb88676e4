/**
 * @module Parses one layer's YAML (pebble-api.md §2.1): unknown sections and fields are
 * rejected with Pebble's texts (`cannot parse layer "x" section "services": yaml: ...`),
 * then each entry is type-checked with zod and the layer-level rules are applied.
 */
import type { Document, Pair } from 'yaml';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { z } from 'zod';
import { FormatError } from '../errors.ts';
import { KNOWN_FIELDS, checkSchema, logTargetSchema, serviceSchema } from './schema.ts';
import type { Check, Layer, LogTarget, Service } from './types.ts';

const SECTIONS = ['services', 'checks', 'log-targets'] as const;
type Section = (typeof SECTIONS)[number];
const SECTION_TYPE: Record<Section, string> = {
  services: 'plan.Service',
  checks: 'plan.Check',
  'log-targets': 'plan.LogTarget',
};
const CHECK_SUBTYPES: Readonly<Record<string, string>> = {
  http: 'plan.HTTPCheck',
  tcp: 'plan.TCPCheck',
  exec: 'plan.ExecCheck',
};

interface FieldCheck {
  readonly lines: LineCounter;
  readonly base: number;
  readonly problems: string[];
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function lineOf(fc: FieldCheck, pair: Pair): number {
  const range = isScalar(pair.key) ? pair.key.range : undefined;
  return range ? fc.lines.linePos(range[0]).line - fc.base : 0;
}

function checkFields(fc: FieldCheck, node: unknown, type: string): void {
  if (!isMap(node)) return;
  const known = KNOWN_FIELDS[type] ?? [];
  for (const pair of node.items) {
    const name = keyName(pair);
    if (!known.includes(name)) {
      fc.problems.push(`line ${lineOf(fc, pair)}: field ${name} not found in type ${type}`);
    } else if (type === 'plan.Check' && CHECK_SUBTYPES[name]) {
      checkFields(fc, pair.value, CHECK_SUBTYPES[name]);
    }
  }
}

function checkSectionFields(doc: Document, label: string, lines: LineCounter): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  for (const pair of root.items) {
    const section = keyName(pair);
    if (!(SECTIONS as readonly string[]).includes(section)) continue;
    const fc: FieldCheck = {
      lines,
      base: lineOf({ lines, base: 0, problems: [] }, pair),
      problems: [],
    };
    if (isMap(pair.value)) {
      for (const entry of pair.value.items) {
        checkFields(fc, entry.value, SECTION_TYPE[section as Section]);
      }
    }
    if (fc.problems.length > 0) {
      throw new FormatError(
        `cannot parse layer ${JSON.stringify(label)} section ${JSON.stringify(section)}: ` +
          `yaml: unmarshal errors:\n  ${fc.problems.join('\n  ')}`,
      );
    }
  }
}

function parseEntries<T>(
  label: string,
  section: Section,
  raw: unknown,
  schema: z.ZodType<T>,
): Record<string, T> {
  const out: Record<string, T> = {};
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FormatError(
      `cannot parse layer ${JSON.stringify(label)} section ${JSON.stringify(section)}: ` +
        `yaml: unmarshal errors:\n  cannot unmarshal into map[string]*${SECTION_TYPE[section]}`,
    );
  }
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null) {
      const what =
        section === 'services' ? 'service' : section === 'checks' ? 'check' : 'log target';
      throw new FormatError(`${what} object cannot be null for ${what} ${JSON.stringify(name)}`);
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = [name, ...(issue?.path ?? [])].join('.');
      throw new FormatError(
        `cannot parse layer ${JSON.stringify(label)} section ${JSON.stringify(section)}: ` +
          `yaml: unmarshal errors:\n  ${where}: ${issue?.message ?? 'invalid value'}`,
      );
    }
    out[name] = stripNulls(result.data) as T;
  }
  return out;
}

function stripNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[k] = stripNulls(v);
  }
  return out;
}

const q = (s: string): string => JSON.stringify(s);
const EXIT_ACTIONS = ['', 'restart', 'shutdown', 'ignore'];

function validateService(name: string, service: Service): void {
  const onSuccess = service['on-success'] ?? '';
  if (![...EXIT_ACTIONS, 'failure-shutdown'].includes(onSuccess)) {
    throw new FormatError(`plan service ${q(name)} on-success action ${q(onSuccess)} invalid`);
  }
  const onFailure = service['on-failure'] ?? '';
  if (![...EXIT_ACTIONS, 'success-shutdown'].includes(onFailure)) {
    throw new FormatError(`plan service ${q(name)} on-failure action ${q(onFailure)} invalid`);
  }
  for (const action of Object.values(service['on-check-failure'] ?? {})) {
    if (![...EXIT_ACTIONS, 'success-shutdown'].includes(action)) {
      throw new FormatError(`plan service ${q(name)} on-check-failure action ${q(action)} invalid`);
    }
  }
  const factor = service['backoff-factor'];
  if (factor !== undefined && factor < 1) {
    throw new FormatError(
      `plan service ${q(name)} backoff-factor must be 1.0 or greater, not ${factor}`,
    );
  }
}

function validateCheck(name: string, check: Check): void {
  if (name === '') throw new FormatError('cannot use empty string as check name');
  if (!['', 'alive', 'ready'].includes(check.level ?? '')) {
    throw new FormatError(`plan check ${q(name)} level must be "alive" or "ready"`);
  }
  if (!['', 'enabled', 'disabled'].includes(check.startup ?? '')) {
    throw new FormatError(`plan check ${q(name)} startup must be "enabled" or "disabled"`);
  }
  if (check.period === 0) throw new FormatError(`plan check ${q(name)} period must not be zero`);
  if (check.timeout === 0) throw new FormatError(`plan check ${q(name)} timeout must not be zero`);
}

function validateLogTarget(name: string, target: LogTarget): void {
  for (const label of Object.keys(target.labels ?? {})) {
    if (label.startsWith('pebble_')) {
      throw new FormatError(
        `log target ${q(name)}: label ${q(label)} uses reserved prefix "pebble_"`,
      );
    }
  }
  if (!['', 'loki', 'opentelemetry', 'syslog'].includes(target.type ?? '')) {
    throw new FormatError(
      `log target ${q(name)} has unsupported type ${q(target.type ?? '')}, must be "loki", "opentelemetry" or "syslog"`,
    );
  }
}

function validateLayer(layer: Layer): void {
  if (layer.label.startsWith('pebble-')) {
    throw new FormatError('cannot use reserved label prefix "pebble-"');
  }
  for (const name of Object.keys(layer.services)) {
    if (name === '') throw new FormatError('cannot use empty string as service name');
    if (name === 'pebble') throw new FormatError('cannot use reserved service name "pebble"');
    if (name.startsWith('-')) {
      throw new FormatError(`cannot use service name "${name}": starting with "-" not allowed`);
    }
  }
  for (const [name, service] of Object.entries(layer.services)) validateService(name, service);
  for (const [name, check] of Object.entries(layer.checks)) validateCheck(name, check);
  for (const [name, target] of Object.entries(layer['log-targets'])) {
    if (name === '') throw new FormatError('cannot use empty string as log target name');
    validateLogTarget(name, target);
  }
}

/** Parses and validates a layer; throws `FormatError` with Pebble's messages. */
export function parseLayer(order: number, label: string, text: string): Layer {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new FormatError(
      `cannot parse layer ${JSON.stringify(label)}: yaml: ${first?.message ?? ''}`,
    );
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    throw new FormatError(
      `cannot parse layer ${JSON.stringify(label)}: yaml: unmarshal errors:\n  line 1: cannot unmarshal into map[string]yaml.Node`,
    );
  }
  for (const pair of contents?.items ?? []) {
    const name = keyName(pair);
    if (!['summary', 'description', ...SECTIONS].includes(name)) {
      throw new FormatError(
        `cannot parse layer ${JSON.stringify(label)}: unknown section ${JSON.stringify(name)}`,
      );
    }
  }
  checkSectionFields(doc, label, lines);
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  const layer: Layer = {
    order,
    label,
    services: parseEntries<Service>(label, 'services', raw['services'], serviceSchema),
    checks: parseEntries<Check>(label, 'checks', raw['checks'], checkSchema as z.ZodType<Check>),
    'log-targets': parseEntries<LogTarget>(
      label,
      'log-targets',
      raw['log-targets'],
      logTargetSchema,
    ),
  };
  if (typeof raw['summary'] === 'string') layer.summary = raw['summary'];
  if (typeof raw['description'] === 'string') layer.description = raw['description'];
  validateLayer(layer);
  return layer;
}
