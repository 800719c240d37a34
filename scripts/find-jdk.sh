# Sourced by ./javicorn (bash) and ./mvnw (sh: POSIX only here): sets JAVA_HOME to a JDK 25 or newer.
# Looks at JAVA_HOME first, then the usual install folders; says what to do when there is none.

javicorn_jdk_version() {
  # Sets version to the feature version (25, 26...) of the JDK at $1, or to nothing if it is not
  # a JDK. Read by bash itself, into the caller's variable: no fork on every start of javicorn.
  local line
  version=
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=\"[0-9]*)
        version=${line#JAVA_VERSION=\"}
        version=${version%%[!0-9]*}
        return 0 ;;
    esac
  done <"$1/release"
}

javicorn_find_jdk() {
  local candidate version globbing_off=
  case $- in *f*) globbing_off=1; set +f ;; esac
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /usr/lib/jvm/* \
      /opt/java/openjdk /opt/jdk-2[5-9]* /opt/java/jdk-2[5-9]* "$HOME"/.sdkman/candidates/java/2[5-9]* \
      "$HOME"/.jdks/*2[5-9]* /Library/Java/JavaVirtualMachines/*2[5-9]*/Contents/Home; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    javicorn_jdk_version "$candidate"
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      [ -z "$globbing_off" ] || set -f
      return 0
    fi
  done
  [ -z "$globbing_off" ] || set -f
  echo "javicorn needs a JDK 25 or newer and found none: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
