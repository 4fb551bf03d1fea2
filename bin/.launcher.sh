# shellcheck shell=bash
# Shared logic of the atenet launchers (bin/vswitch, bin/tap-client, bin/tok).
# Sourced, never executed. The caller sets:
#   ATENET_MODULE     module directory (vswitch, tap-client, tok)
#   ATENET_MAIN       main class
#   ATENET_HEAP       heap/JIT flags for this tool (array)
# then calls atenet_exec "$@".
#
# Environment honoured: JAVA_HOME (else java from PATH), ATENET_JAVA_OPTS (extra JVM flags,
# word-split), ATENET_HOME (repo root, normally found from the script's own path).

atenet_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Repo root = parent of the directory holding this file. The launchers source it through their
# own resolved path (readlink -f), so symlinks such as /usr/local/bin/tok -> repo/bin/tok work.
ATENET_REPO="${ATENET_HOME:-$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

atenet_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then command -v java
  else atenet_die "no java found: install a JDK >= 17 or set JAVA_HOME"; fi
}

# Major version of the given java ("1.8.0_x" -> 8, "17.0.2" -> 17, "25" -> 25).
atenet_java_major() {
  local v
  v="$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  v="${v#1.}"; v="${v%%[.+-]*}"
  [[ "$v" =~ ^[0-9]+$ ]] || v=0
  echo "$v"
}

atenet_exec() {
  local repo="$ATENET_REPO" java major jar
  jar="$repo/$ATENET_MODULE/target/atenet-$ATENET_MODULE-0.1.0-SNAPSHOT.jar"
  if [[ ! -f "$jar" ]]; then
    echo "atenet is not built yet: run ./run-node or mvn -DskipTests install" >&2
    exit 1
  fi
  java="$(atenet_java)"
  major="$(atenet_java_major "$java")"
  (( major >= 17 )) || atenet_die "$java is Java $major; atenet needs Java 17 or newer (set JAVA_HOME)"
  local -a flags=(
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dchronicle.analytics.disable=true
  )
  # Java 17..22 refuse this flag; 23+ warn (later: fail) without it.
  (( major >= 23 )) && flags+=(--sun-misc-unsafe-memory-access=allow)
  local -a extra=()
  # shellcheck disable=SC2206  # word splitting of user-supplied flags is intended
  [[ -n "${ATENET_JAVA_OPTS:-}" ]] && extra=(${ATENET_JAVA_OPTS})
  exec "$java" "${ATENET_HEAP[@]}" "${flags[@]}" "${extra[@]}" \
    -cp "$jar:$repo/$ATENET_MODULE/target/lib/*" "$ATENET_MAIN" "$@"
}
