#!/usr/bin/env python3
"""A plain ops charm: nothing in it knows about Charmkit."""

import logging

import ops

logger = logging.getLogger(__name__)


class PythonWebCharm(ops.CharmBase):
    _stored = ops.StoredState()

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        self._stored.set_default(reconciles=0)
        framework.observe(self.on.web_pebble_ready, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.leader_elected, self._on_leader_elected)
        framework.observe(self.on.site_relation_joined, self._on_site_joined)
        framework.observe(self.on.backend_relation_changed, self._on_backend_changed)
        framework.observe(self.on.greet_action, self._on_greet)
        framework.observe(self.on.collect_unit_status, self._on_collect_status)

    @property
    def _root(self) -> str:
        # Where the storage is mounted: /srv/site under Juju on Kubernetes; a directory of
        # the controller's on Charmkit, where containers share the host's filesystem.
        return str(self.model.storages['site'][0].location)

    def _address(self) -> str:
        binding = self.model.get_binding('site')
        return str(binding.network.bind_address) if binding else '127.0.0.1'

    def _on_leader_elected(self, _event: ops.LeaderElectedEvent):
        """The leader owns a token secret, created once."""
        try:
            self.model.get_secret(label='token')
        except ops.SecretNotFoundError:
            self.app.add_secret({'token': 's3cr3t'}, label='token')

    def _on_site_joined(self, event: ops.RelationJoinedEvent):
        event.relation.data[self.unit]['url'] = f'http://{self._address()}:{self.config["port"]}'
        if self.unit.is_leader():
            secret = self.model.get_secret(label='token')
            secret.grant(event.relation)
            event.relation.data[self.app]['token-id'] = secret.id

    def _on_backend_changed(self, event: ops.RelationChangedEvent):
        token_id = event.relation.data[event.app].get('token-id')
        if token_id:
            token = self.model.get_secret(id=token_id).get_content()['token']
            self.unit.set_workload_version(f'token-{token}')
        if event.unit is not None and 'url' in event.relation.data[event.unit]:
            event.relation.data[self.unit]['seen'] = event.relation.data[event.unit]['url']

    def _reconcile(self, _event: ops.EventBase):
        self._stored.reconciles += 1
        container = self.unit.get_container('web')
        if not container.can_connect():
            return
        container.make_dir(self._root, make_parents=True)
        container.push(f'{self._root}/index.html', f'{self.config["greeting"]} from {self.unit.name}\n')
        port, address = self.config['port'], self._address()
        container.add_layer('web', {
            'summary': 'web',
            'services': {
                'web': {
                    'override': 'replace',
                    'command': f'python3 -m http.server {port} --bind {address} --directory {self._root}',
                    'startup': 'enabled',
                },
            },
            'checks': {
                'up': {'override': 'replace', 'level': 'ready', 'period': '2s',
                       'tcp': {'host': address, 'port': port}},
            },
        }, combine=True)
        container.replan()
        self.unit.set_ports(port)
        page, _ = container.exec(['cat', f'{self._root}/index.html']).wait_output()
        logger.info('serving %r', page.strip())

    def _on_collect_status(self, event: ops.CollectStatusEvent):
        container = self.unit.get_container('web')
        if not container.can_connect():
            event.add_status(ops.WaitingStatus('waiting for Pebble'))
            return
        service = container.get_services('web').get('web')
        if service is None or not service.is_running():
            event.add_status(ops.MaintenanceStatus('starting web'))
            return
        event.add_status(ops.ActiveStatus(f'serving ({self._stored.reconciles} reconciles)'))

    def _on_greet(self, event: ops.ActionEvent):
        name = event.params['name']
        event.log(f'greeting {name}')
        if name == 'nobody':
            event.fail('cannot greet nobody')
            return
        event.set_results({'message': f'{self.config["greeting"]}, {name}'})


if __name__ == '__main__':
    ops.main(PythonWebCharm)
