# Sourced by ./javicorn and ./mvnw: sets JAVA_HOME to a JDK 25 or newer.
# Looks at JAVA_HOME first, then the usual install folders; says what to do when there is none.

javicorn_jdk_version() {
  # The feature version (25, 26...) of the JDK at $1, or nothing if it is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

javicorn_find_jdk() {
  local candidate version globbing_off=
  case $- in *f*) globbing_off=1; set +f ;; esac
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /usr/lib/jvm/* \
      /opt/java/openjdk /opt/jdk-2[5-9]* /opt/java/jdk-2[5-9]* "$HOME"/.sdkman/candidates/java/2[5-9]* \
      "$HOME"/.jdks/*2[5-9]* /Library/Java/JavaVirtualMachines/*2[5-9]*/Contents/Home; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    version=$(javicorn_jdk_version "$candidate")
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
