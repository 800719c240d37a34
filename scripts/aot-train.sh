# Sourced by ./javicorn: trains the JDK's ahead-of-time caches (-XX:AOTCacheOutput) of javicorn's
# two kinds of JVM, once per build of javicorn, so that later starts skip most class loading:
#   worker.aot       a worker: dev.javicorn.worker.AotTraining (HTTP warm-up, a native call, a pool)
#   supervisor.aot   the supervisor without --reload: javicorn itself serving a one-file app
#   supervisor-reload.aot  the same under --reload, with one edit (javac's classes, which the JVM
#                    would otherwise load at every start of a plain supervisor: the JDK loads every
#                    class of a cache at start-up)
# A cache is written under a temporary name and renamed once complete; a failed training leaves an
# empty file instead, so that it is not tried again before the next build. The JVM maps a cache only
# for the options and classpath it was trained with, which is why the launcher passes the same ones.
# Needs $JAVA_HOME, $target, $jar, and the arrays worker_opts and supervisor_opts; sets $classpath.

classpath="$jar:$target/lib/*"
# The caches keep classes, not the training runs' method profiles: from a cache that held them,
# a JVM compiled the methods the training had compiled as their classes were initialized, about
# 900 compilations in a worker's first 600 ms on two cores, and its first response came 55-75 ms
# later (docs/benchmarks.md). A JDK that no longer knows these diagnostic options fails the
# training, and javicorn runs without the cache, only slower.
no_profiles=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)

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
  "$JAVA_HOME/bin/java" "${worker_opts[@]}" "${no_profiles[@]}" -XX:AOTCacheOutput="$target/worker.aot.new" \
    -cp "$classpath" dev.javicorn.worker.AotTraining >"$target/aot-worker.log" 2>&1
}

# Runs a supervisor serving the one-file app in $1 until it is up, with JVM options $2 (unquoted)
# and, when $3 is "reload", under --reload with one edit saved; then stops it. Log in $4.
javicorn_serve_once() {
  local pid ok=0 reload=()
  [ "$3" = reload ] && reload=(--reload)
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" "${supervisor_opts[@]}" $2 -cp "$classpath" dev.javicorn.cli.Main \
    --app-dir "$1" --port 0 "${reload[@]}" --no-use-colors Hello:app >"$4" 2>&1 &
  pid=$!
  if javicorn_await_log "$pid" "$4" "Application startup complete."; then
    if [ "$3" = reload ]; then
      sed -i 's/Hello World/Hello again/' "$1/Hello.java"
      javicorn_await_log "$pid" "$4" "Reloaded in" && ok=1
    else
      ok=1
    fi
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || ok=0
  [ "$ok" = 1 ]
}

# Trains cache $1 with a supervisor serving a one-file app; $2 = reload: under --reload, one edit.
# Without --reload it trains on a second start, which takes the compile kept by the first: the
# plain supervisor's cache then holds no javac, which would be loaded at every start (the JDK loads
# all of a cache's classes) to serve an unchanged app; a start after an edit loads javac from the JDK.
javicorn_train_a_supervisor() {
  local app log ok=0
  app=$(mktemp -d)
  log="$target/aot-${1%.aot}.log"
  cat >"$app/Hello.java" <<'JAVA'
import dev.javicorn.App;
import java.util.Map;

public class Hello {
    public static final App app = App.create().get("/", request -> Map.of("message", "Hello World"));
}
JAVA
  if [ "$2" = reload ] || javicorn_serve_once "$app" "" plain "$log"; then
    javicorn_serve_once "$app" "${no_profiles[*]} -XX:AOTCacheOutput=$target/$1.new" "$2" "$log" && ok=1
  fi
  rm -rf "$app"
  [ "$ok" = 1 ]
}

javicorn_train_supervisor() { javicorn_train_a_supervisor supervisor.aot plain; }
javicorn_train_supervisor-reload() { javicorn_train_a_supervisor supervisor-reload.aot reload; }

javicorn_train_aot() {
  local name
  # Class files older than Java 6 (picocli's) are rewritten so that the caches can keep them.
  "$JAVA_HOME/bin/java" -cp "$jar" dev.javicorn.cli.CacheableJar "$target"/lib/*.jar >"$target/aot-jars.log" 2>&1 || true
  for name in worker supervisor supervisor-reload; do
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
