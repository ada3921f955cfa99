# Shared by the bin/ commands: where things are, how to build, how to start, watch and stop the local cloud's processes.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.local-cloud"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
mkdir -p "$LOGS" "$PIDS"

KINESIS_PORT="${YUBL_KINESIS_PORT:-4568}"
KINESIS_TLS_PORT="${YUBL_KINESIS_TLS_PORT:-4567}"
DYNAMODB_PORT="${YUBL_DYNAMODB_PORT:-8000}"
SNS_SQS_PORT="${YUBL_SNS_SQS_PORT:-4566}"
OPENSEARCH_PORT="${YUBL_OPENSEARCH_PORT:-9201}"
SECRETS_PORT="${YUBL_SECRETS_PORT:-4584}"
API_PORT="${YUBL_API_PORT:-3000}"
LAMBDA_PORT="${YUBL_LAMBDA_PORT:-3001}"
WEBSOCKET_PORT="${YUBL_WEBSOCKET_PORT:-3002}"
SES_PORT="${YUBL_SES_PORT:-8005}"
export YUBL_KINESIS_PORT="$KINESIS_PORT" YUBL_DYNAMODB_PORT="$DYNAMODB_PORT" YUBL_SNS_SQS_PORT="$SNS_SQS_PORT" \
       YUBL_OPENSEARCH_PORT="$OPENSEARCH_PORT" YUBL_SECRETS_PORT="$SECRETS_PORT" YUBL_API_PORT="$API_PORT" \
       YUBL_LAMBDA_PORT="$LAMBDA_PORT" YUBL_WEBSOCKET_PORT="$WEBSOCKET_PORT" YUBL_SES_PORT="$SES_PORT"
# Every AWS SDK client the bin/ commands start talks to the emulators with throwaway credentials. Commands that work
# on a stage on AWS call caller_credentials first, so that the caller's own (a profile, SSO, a role) apply.
YUBL_CALLER_HAS_KEYS=${AWS_ACCESS_KEY_ID:+1}
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
caller_credentials() { [ -n "$YUBL_CALLER_HAS_KEYS" ] || unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; }

MVN=(mvn -B -q -Dstyle.color=never)
[ -n "${CI:-}" ] && MVN+=(-ntp)

say() { printf '%s\n' "$*"; }
# Maven, quiet, without the stray colour codes Maven 3.8 prints even in batch mode (the pipe keeps its exit status).
mvn_quiet() { "${MVN[@]}" "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_tools() {
  command -v java >/dev/null || fail "Java 17 or newer is required (java not found on PATH)."
  local v; v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is required (found $v)."
  command -v mvn >/dev/null || fail "Apache Maven is required (mvn not found on PATH)."
  command -v node >/dev/null || fail "Node.js 20 or newer is required (node not found on PATH)."
  local n; n=$(node -p 'process.versions.node.split(".")[0]')
  [ "$n" -ge 20 ] || fail "Node.js 20 or newer is required (found $(node --version))."
}

# Builds the Java modules when a source or pom changed since the last build (first run: downloads dependencies).
ensure_built() {
  local stamp="$STATE/build.stamp"
  if [ ! -f "$stamp" ] || [ -n "$(cd "$ROOT" && find . -path ./.local-cloud -prune -o -path '*/node_modules' -prune -o \
        \( -path '*/src/*' -o -name pom.xml -o -name lambda-artifacts.pro \) -newer "$stamp" -type f -print -quit)" ]; then
    say "Building the Java modules and their Lambda artifacts (mvn -Plambda install -DskipTests; the first run downloads dependencies)..."
    (cd "$ROOT" && mvn_quiet -Plambda install -DskipTests) || fail "the build failed; run 'mvn -Plambda install -DskipTests' to see why."
    touch "$stamp"
  fi
}

# Installs the Node emulators (pinned in local-cloud/node/package-lock.json) when missing or when the lock changed.
ensure_node_modules() {
  local dir="$ROOT/local-cloud/node"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing the Node emulators (npm ci)..."
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in local-cloud/node."
  fi
}

# lint_template [required]: cfn-lint on template.yaml, no errors, no warnings. Without cfn-lint: a failure when
# required or under CI (CI=true), else a note.
lint_template() {
  # pyenv installs it outside the default PATH of non-interactive shells
  command -v cfn-lint >/dev/null || [ ! -x "$HOME/.pyenv/shims/cfn-lint" ] || PATH="$PATH:$HOME/.pyenv/shims"
  if ! command -v cfn-lint >/dev/null; then
    if [ "${1:-}" = required ] || [ -n "${CI:-}" ]; then
      say "error: cfn-lint is not installed, and it is required here (pip install cfn-lint)" >&2
      return 1
    fi
    say "   cfn-lint is not installed, so template.yaml was not linted (pip install cfn-lint to lint it)."
    return 0
  fi
  (cd "$ROOT" && cfn-lint template.yaml) && say "   cfn-lint template.yaml: no errors, no warnings"
}

# operations COMMAND STAGE ...: the operations module's commands (secrets, janitor) against AWS, in AWS_REGION.
operations() { java -cp "$(java_cp operations)" io.yubl.operations.Operations "$@"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_of() { local f="$PIDS/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

# rotate_log NAME: the previous run's log is kept as NAME.log.1 (and the one before as .2, .3), never truncated: the
# log of a run that crashed is what tells why.
rotate_log() {
  local log="$LOGS/$1.log"
  [ -s "$log" ] || return 0
  for i in 2 1; do [ -f "$log.$i" ] && mv -f "$log.$i" "$log.$((i + 1))"; done
  mv -f "$log" "$log.1"
}

# start NAME PORT COMMAND...: starts COMMAND in the background, its output in .local-cloud/logs/NAME.log.
start() {
  local name=$1 port=$2; shift 2
  if pid_of "$name" >/dev/null; then
    say "  $name: already running (pid $(pid_of "$name"))"
    return 0
  fi
  if port_open "$port"; then
    fail "$name cannot start: port $port is already taken by another program. Stop it, or choose another port with the YUBL_*_PORT variables (see README)."
  fi
  rotate_log "$name"
  (cd "$ROOT" && exec setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null) &
  echo $! >"$PIDS/$name.pid"
  say "  $name: starting (pid $!, log .local-cloud/logs/$name.log)"
}

# await NAME SECONDS CHECK...: waits until CHECK succeeds; fails clearly if the process dies or time runs out.
await() {
  local name=$1 seconds=$2; shift 2
  local started=$SECONDS
  until "$@"; do
    if ! pid_of "$name" >/dev/null; then
      say "  $name died while starting. The end of its log:" >&2
      tail -n 20 "$LOGS/$name.log" | sed 's/^/    /' >&2
      fail "$name did not start (full log: .local-cloud/logs/$name.log)"
    fi
    if [ $((SECONDS - started)) -ge "$seconds" ]; then
      tail -n 20 "$LOGS/$name.log" | sed 's/^/    /' >&2
      fail "$name did not become ready within ${seconds}s (log: .local-cloud/logs/$name.log)"
    fi
    sleep 0.2
  done
  say "  $name: ready after $((SECONDS - started))s"
}

log_says() { grep -q "$2" "$LOGS/$1.log" 2>/dev/null; }

stop() {
  local name=$1 pid
  pid=$(pid_of "$name") || { rm -f "$PIDS/$name.pid"; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PIDS/$name.pid"
  say "  $name: stopped"
}

java_cp() { # the runtime classpath of a local-cloud module, as its build wrote it
  local module=$1
  [ -f "$ROOT/$module/target/classpath.txt" ] || fail "$module is not built; run bin/stack up (it builds what is missing)."
  printf '%s' "$ROOT/$module/target/classes:$(cat "$ROOT/$module/target/classpath.txt")"
}
