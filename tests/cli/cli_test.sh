#!/usr/bin/env bash
# End-to-end checks of the wharf binary as an operator uses it: help, flag errors, the admin
# commands against a running server's database, SIGTERM shutdown and kill -9 durability.
# Usage: cli_test.sh <path to wharf binary>
set -uo pipefail
WHARF=${1:?usage: cli_test.sh path/to/wharf}
WORK=$(mktemp -d)
PID=""
failures=0
cleanup() { [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

check() {  # check "<description>" <command...>
    local what=$1; shift
    if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
start() {  # start <data dir> <port>
    WHARF_BOOTSTRAP_API_KEY=wharf_cli_test_key_0123456789 "$WHARF" serve --listen "127.0.0.1:$2" \
        --data-dir "$1" --threads 2 >"$WORK/out.txt" 2>"$WORK/err.txt" &
    PID=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "server did not start:"; cat "$WORK/err.txt"; return 1
}
status_of() {  # status_of <key> <url>
    curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $1" "$2"
}

# Help and argument errors.
check "wharf --help lists the commands" bash -c "'$WHARF' --help | grep -q 'serve'"
check "wharf serve --help documents --listen and WHARF_LISTEN" bash -c "'$WHARF' serve --help | grep -q 'WHARF_LISTEN'"
"$WHARF" serve --bogus 1 --listen nowhere >/dev/null 2>"$WORK/bad.txt"; rc=$?
check "unknown flags stop start-up with exit 2" test "$rc" -eq 2
check "the message names the unknown flag" grep -q -- '--bogus' "$WORK/bad.txt"
check "the message names the invalid value" grep -q -- '--listen nowhere' "$WORK/bad.txt"
WHARF_UPSTREAM=mars "$WHARF" serve >/dev/null 2>"$WORK/bad2.txt"; rc=$?
check "invalid WHARF_* values stop start-up" test "$rc" -eq 2
check "the message names the variable" grep -q 'WHARF_UPSTREAM=mars' "$WORK/bad2.txt"
check "unknown commands exit 2" bash -c "! '$WHARF' frobnicate 2>/dev/null"

# Admin commands on the database of a running server.
DATA="$WORK/data"; P=$(port)
start "$DATA" "$P" || exit 1
BASE="http://127.0.0.1:$P"
check "the banner prints the API key and the sandbox number" bash -c "grep -q 'wharf_cli_test_key_0123456789' '$WORK/out.txt' && grep -q 'Sandbox phone number id' '$WORK/out.txt'"
check "secret.key is private" test "$(stat -c %a "$DATA/secret.key")" = 600
created=$("$WHARF" projects create --name "Second" --data-dir "$DATA")
check "projects create prints project_id and api_key" bash -c "echo '$created' | python3 -c 'import json,sys;d=json.load(sys.stdin);assert d[\"project_id\"] and d[\"api_key\"]'"
KEY2=$(echo "$created" | python3 -c 'import json,sys;print(json.load(sys.stdin)["api_key"])')
PROJ2=$(echo "$created" | python3 -c 'import json,sys;print(json.load(sys.stdin)["project_id"])')
check "the new key works on the running server" test "$(status_of "$KEY2" "$BASE/platform/v1/customers")" = 200
check "the new project sees no numbers of the default project" bash -c "curl -s -H 'X-API-Key: $KEY2' $BASE/platform/v1/whatsapp/phone_numbers | grep -q '\"total_count\":0'"
extra=$("$WHARF" api-keys create --project "$PROJ2" --data-dir "$DATA")
KEY3=$(echo "$extra" | python3 -c 'import json,sys;print(json.load(sys.stdin)["api_key"])')
check "api-keys create makes a working key" test "$(status_of "$KEY3" "$BASE/platform/v1/customers")" = 200
check "api-keys create on an unknown project fails" bash -c "! '$WHARF' api-keys create --project nope --data-dir '$DATA' 2>/dev/null"
"$WHARF" api-keys revoke --api-key "$KEY3" --data-dir "$DATA" >/dev/null
sleep 1.1  # a running server trusts a verified key for up to --api-key-cache-ms (1 s)
check "a revoked key is refused within the key cache TTL" test "$(status_of "$KEY3" "$BASE/platform/v1/customers")" = 401
check "the other key of that project still works" test "$(status_of "$KEY2" "$BASE/platform/v1/customers")" = 200

# kill -9: what the API acknowledged is in the store after a crash.
code=$(curl -s -o "$WORK/c.json" -w '%{http_code}' -X POST -H "X-API-Key: $KEY2" \
    -d '{"customer":{"name":"Durable"}}' "$BASE/platform/v1/customers")
check "customer created" test "$code" = 201
kill -9 "$PID"; wait "$PID" 2>/dev/null; PID=""
start "$DATA" "$P" || exit 1
check "an acknowledged customer survives kill -9" bash -c "curl -s -H 'X-API-Key: $KEY2' '$BASE/platform/v1/customers?name_contains=Durable' | grep -q '\"total_count\":1'"

# SIGTERM: in-flight work finishes, the process exits 0, the database is intact.
kill -TERM "$PID"; wait "$PID"; rc=$?; PID=""
check "SIGTERM exits 0" test "$rc" -eq 0
check "shutdown is logged" grep -q 'stopped' "$WORK/err.txt"
check "the database passes an integrity check" bash -c "[ \"\$(sqlite3 '$DATA/wharf.db' 'PRAGMA integrity_check')\" = ok ]"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
