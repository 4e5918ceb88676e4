/** Applying bundle plans (juju-semantics.md §8): order, progress, first-failure stop, idempotence. */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../src/bundle/apply.ts';
import { BundleApplyError } from '../src/bundle/errors.ts';
import { loadBundle } from '../src/bundle/load.ts';
import { planBundle } from '../src/bundle/plan.ts';
import { FakeModel, charmInfo, fixture } from './fixtures/bundles/fake-model.ts';

async function deploy(model: FakeModel, ...overlays: string[]): Promise<string[]> {
  const bundle = await loadBundle(fixture('bundle.yaml'), {
    overlays: overlays.map((o) => fixture('overlays', o)),
    existingApps: Object.keys(model.applications),
  });
  const lines: string[] = [];
  await applyPlan(planBundle(bundle, model.snapshot(), charmInfo), model, (l) => lines.push(l));
  return lines;
}

describe('applyPlan', () => {
  it('applies every change in order, reporting each', async () => {
    const model = new FakeModel();
    const lines = await deploy(model);
    expect(model.calls).toEqual([
      'deploy db',
      'deploy web',
      'integrate web:database db:database',
      'expose web',
    ]);
    expect(lines).toEqual([
      '- deploy application db from ./charms/postgresql with 2 units using postgresql, trusted',
      '- deploy application web from ./charms/webapp with 1 unit using webapp',
      '- add relation web:database - db:database',
      '- expose all endpoints of web and allow access from CIDRs 0.0.0.0/0 and ::/0',
    ]);
  });

  it('passes deploy requests as juju deploy would take them', async () => {
    const requests: unknown[] = [];
    const model = new FakeModel();
    const original = model.deploy.bind(model);
    model.deploy = (req) => {
      requests.push(req);
      return original(req);
    };
    await deploy(model);
    expect(requests[1]).toEqual({
      charm: fixture('charms', 'webapp'),
      name: 'web',
      numUnits: 1,
      config: { title: 'Hello', debug: false },
      resources: { site: fixture('resources', 'site.tar'), image: 'ghcr.io/example/web:1.0' },
      trust: false,
    });
  });

  it('re-planning an applied bundle yields no changes', async () => {
    const model = new FakeModel();
    await deploy(model);
    const bundle = await loadBundle(fixture('bundle.yaml'));
    expect(planBundle(bundle, model.snapshot(), charmInfo)).toEqual({ changes: [], notes: [] });
  });

  it('applies an overlay on top of a deployed bundle, then is idempotent again', async () => {
    const model = new FakeModel();
    await deploy(model);
    model.calls.length = 0;
    await deploy(model, 'add-cache.yaml');
    expect(model.calls).toEqual([
      'deploy cache',
      'add-units db 1',
      'config db mode',
      'integrate web:cache cache:redis',
    ]);
    expect(model.applications.db).toMatchObject({ units: 3, config: { port: 5432, mode: 'safe' } });
    model.calls.length = 0;
    await deploy(model, 'add-cache.yaml');
    expect(model.calls).toEqual([]);
  });

  it('stops at the first failure, naming the failed change and those applied', async () => {
    const model = new FakeModel();
    model.failOn = 'integrate';
    const error = await deploy(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleApplyError);
    const applyError = error as BundleApplyError;
    expect(applyError.code).toBe('task-failed');
    expect(applyError.failed).toMatchObject({ kind: 'add-relation' });
    expect(applyError.applied.map((c) => c.kind)).toEqual(['deploy', 'deploy']);
    expect(applyError.skipped.map((c) => c.kind)).toEqual(['expose']);
    expect(applyError.cause).toBeInstanceOf(Error);
    expect(applyError.message).toBe(
      [
        'cannot apply bundle: add relation web:database - db:database: simulated failure of integrate web:database db:database',
        'already applied (they stay in the model):',
        '- deploy application db from ./charms/postgresql with 2 units using postgresql, trusted',
        '- deploy application web from ./charms/webapp with 1 unit using webapp',
        'not attempted: 1 more change(s); fix the cause and deploy again',
      ].join('\n'),
    );
    expect(model.calls).toEqual(['deploy db', 'deploy web', 'integrate web:database db:database']);
  });

  it('says when nothing was applied', async () => {
    const model = new FakeModel();
    model.failOn = 'deploy db';
    const error = (await deploy(model).catch((e: unknown) => e)) as BundleApplyError;
    expect(error.message.split('\n').slice(0, 2)).toEqual([
      'cannot apply bundle: deploy application db from ./charms/postgresql with 2 units using postgresql, trusted: simulated failure of deploy db',
      'no changes were applied',
    ]);
  });

  it('resumes where it failed: the next plan holds only what is left', async () => {
    const model = new FakeModel();
    model.failOn = 'integrate';
    await deploy(model).catch(() => undefined);
    model.failOn = undefined;
    model.calls.length = 0;
    await deploy(model);
    expect(model.calls).toEqual(['integrate web:database db:database', 'expose web']);
  });

  it('removing an app in an overlay leaves a deployed app alone (bundles never remove)', async () => {
    const model = new FakeModel();
    await deploy(model);
    model.calls.length = 0;
    await deploy(model, 'remove-web.yaml');
    expect(model.calls).toEqual([]);
    expect(Object.keys(model.applications)).toEqual(['db', 'web']);
  });
});
