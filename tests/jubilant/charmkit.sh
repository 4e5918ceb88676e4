#!/bin/sh
# What jubilant runs as its cli_binary: charmkit with the test's Node.
exec "$CHARMKIT_NODE" "$CHARMKIT_BIN" "$@"
