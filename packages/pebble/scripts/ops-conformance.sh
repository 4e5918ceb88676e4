#!/usr/bin/env bash
# Runs ops' black-box suite test/test_real_pebble.py (pebble-api.md §9.1) against charmkit-pebble.
# Needs: Debian python3 with python3-yaml python3-websocket python3-pytest, and an ops source
# tree (ops/ + test/ from canonical/operator) in $OPS_SRC. Usage: OPS_SRC=/path scripts/ops-conformance.sh
# Another interpreter: PYTHON=python3.12; packages from elsewhere (websocket-client unpacked
# from Debian's .deb, say): EXTRA_PYTHONPATH=/path.
set -euo pipefail
: "${OPS_SRC:?set OPS_SRC to a canonical/operator checkout (ops/ and test/)}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
NODE="$HERE/../../node_modules/.bin/node"
WORK="$(mktemp -d /tmp/pebble-ops-XXXXXX)"
STUBS="$WORK/stubs"
mkdir -p "$STUBS/opentelemetry" "$WORK/pebble"
touch "$STUBS/opentelemetry/__init__.py"
cat > "$STUBS/opentelemetry/trace.py" <<'PY'
import contextlib
class _Ctx: trace_id = 0; span_id = 0
class _Span:
    def __getattr__(self, name): return lambda *a, **k: None
    def get_span_context(self): return _Ctx()
    def is_recording(self): return False
class _Tracer:
    @contextlib.contextmanager
    def start_as_current_span(self, *a, **k): yield _Span()
    def start_span(self, *a, **k): return _Span()
def get_tracer(*a, **k): return _Tracer()
def get_current_span(*a, **k): return _Span()
PY
(umask 0; PEBBLE="$WORK/pebble" exec "$NODE" "$HERE/bin/charmkit-pebble.js" run --http=:4000 --create-dirs) &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -S "$WORK/pebble/.pebble.socket" ] && break; sleep 0.1; done
cd "$OPS_SRC"
RUN_REAL_PEBBLE_TESTS=1 PEBBLE="$WORK/pebble" PYTHONPATH="$STUBS:$OPS_SRC${EXTRA_PYTHONPATH:+:$EXTRA_PYTHONPATH}" \
  "${PYTHON:-/usr/bin/python3}" -m pytest --tb native -p no:cacheprovider test/test_real_pebble.py "$@"
