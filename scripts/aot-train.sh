# Sourced by ./javicorn: trains the JDK's ahead-of-time caches (-XX:AOTCacheOutput) of javicorn's
# two kinds of JVM, once per build of javicorn, so that later starts skip most class loading:
#   worker.aot       a worker: dev.javicorn.worker.AotTraining (HTTP warm-up, a native call, a pool)
#   supervisor.aot   the supervisor: javicorn itself serving a one-file app under --reload, one edit
# A cache is written under a temporary name and renamed once complete; a failed training leaves an
# empty file instead, so that it is not tried again before the next build. The JVM maps a cache only
# for the options and classpath it was trained with, which is why the launcher passes the same ones.
# Needs $JAVA_HOME, $target, $jar, and the arrays worker_opts and supervisor_opts.

javicorn_classpath() { echo "$jar:$target/lib/*"; }

javicorn_untrained() { [ ! -f "$target/$1" ] || [ "$jar" -nt "$target/$1" ]; }

# Waits until $2 (a log) holds the line $3, while process $1 lives; at most three minutes (a loaded
# machine).
javicorn_await_log() {
  local i
  for i in $(seq 1800); do
    grep -qF "$3" "$2" && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

javicorn_train_worker() {
  "$JAVA_HOME/bin/java" "${worker_opts[@]}" -XX:AOTCacheOutput="$target/worker.aot.new" \
    -cp "$(javicorn_classpath)" dev.javicorn.worker.AotTraining >"$target/aot-worker.log" 2>&1
}

javicorn_train_supervisor() {
  local app log pid ok=0
  app=$(mktemp -d)
  log="$target/aot-supervisor.log"
  cat >"$app/Hello.java" <<'JAVA'
import dev.javicorn.App;
import java.util.Map;

public class Hello {
    public static final App app = App.create().get("/", request -> Map.of("message", "Hello World"));
}
JAVA
  "$JAVA_HOME/bin/java" "${supervisor_opts[@]}" -XX:AOTCacheOutput="$target/supervisor.aot.new" \
    -cp "$(javicorn_classpath)" dev.javicorn.cli.Main --app-dir "$app" --port 0 --reload --no-use-colors \
    Hello:app >"$log" 2>&1 &
  pid=$!
  if javicorn_await_log "$pid" "$log" "Application startup complete."; then
    sed -i 's/Hello World/Hello again/' "$app/Hello.java"
    javicorn_await_log "$pid" "$log" "Reloaded in" && ok=1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || ok=0
  rm -rf "$app"
  [ "$ok" = 1 ]
}

javicorn_train_aot() {
  local name
  for name in worker supervisor; do
    javicorn_untrained "$name.aot" || continue
    echo "javicorn: preparing the $name JVM's start-up cache (once per build, a few seconds)..." >&2
    rm -f "$target/$name.aot" "$target/$name.aot.new"
    if ! "javicorn_train_$name" || ! mv "$target/$name.aot.new" "$target/$name.aot" 2>/dev/null; then
      echo "javicorn: could not prepare it (see $target/aot-$name.log); javicorn works without it, only slower to start." >&2
      : >"$target/$name.aot"
    fi
  done
}

# Sets aot_opts to the options that make a JVM use cache $1, if it holds one and JAVICORN_AOT is
# not "off"; the JVM's own messages about a cache that does not fit are silenced (without it a JVM
# is only slower).
javicorn_aot_opts() {
  aot_opts=()
  if [ -s "$target/$1" ] && [ "${JAVICORN_AOT:-on}" != off ]; then aot_opts=("-XX:AOTCache=$target/$1" -Xlog:aot*=off -Xlog:cds*=off); fi
}
