"""jubilant driving charmkit through a Python ops charm's whole life (tests/jubilant.test.ts).

Argv: the charmkit binary, the python-web charm directory (with its venv/).
"""

import sys

import jubilant

charmkit, charm = sys.argv[1], sys.argv[2]
juju = jubilant.Juju(cli_binary=charmkit)
juju.add_model('jub')
image = {'web-image': 'ubuntu:22.04'}
juju.deploy(charm, 'web', num_units=2, resources=image)
juju.deploy(charm, 'client', resources=image, config={'port': 8082})
juju.integrate('web:site', 'client:backend')

status = juju.wait(jubilant.all_active, timeout=120)
assert status.apps['client'].version == 'token-s3cr3t', status.apps['client'].version
assert status.apps['web'].units['web/0'].leader
assert [r.related_app for r in status.apps['web'].relations['site']] == ['client']

task = juju.run('web/0', 'greet', {'name': 'Ann'})
assert task.success and task.results == {'message': 'hello, Ann'}, task
try:
    juju.run('web/1', 'greet', {'name': 'nobody'})
    raise AssertionError('a failed action must raise TaskError')
except jubilant.TaskError as e:
    assert e.task.status == 'failed' and e.task.message == 'cannot greet nobody', e.task
try:
    juju.run('web/1', 'greet')
    raise AssertionError('a missing parameter must fail')
except jubilant.CLIError as e:
    assert 'validation failed: (root) : "name" property is missing and required' in e.stderr, e.stderr

juju.refresh('web', path=charm, resources={'web-image': 'ubuntu:24.04'})
juju.wait(lambda s: s.apps['web'].charm_rev == 2 and jubilant.all_active(s), timeout=60)

juju.config('web', {'greeting': 'howdy'})
juju.wait(jubilant.all_active, timeout=60)
assert juju.config('web')['greeting'] == 'howdy'
assert juju.exec('echo', 'hi', unit='web/0').stdout == 'hi\n'

juju.add_secret('shared', {'token': 'value'})
juju.grant_secret('shared', 'web')
assert juju.show_secret('shared', reveal=True).content == {'token': 'value'}

juju.remove_relation('web:site', 'client:backend')
juju.remove_unit('web', num_units=1)
juju.wait(lambda s: len(s.apps['web'].units) == 1 and jubilant.all_active(s), timeout=60)
juju.remove_application('client')
juju.wait(lambda s: 'client' not in s.apps, timeout=60)
assert 'Traceback' not in juju.debug_log(limit=1000)
juju.destroy_model('jub', force=True)
print('jubilant smoke: ok')
