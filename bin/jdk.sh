# Sourced by ./payhook and .ci/run: finds a JDK >= 21 (the build targets Java 21) and exports
# JAVA_HOME and PATH for it. Order: $JAVA_HOME, the `java` on PATH, then the usual install places.
# Works on Debian/Ubuntu (/usr/lib/jvm), macOS (/Library/Java/JavaVirtualMachines), SDKMAN.

payhook_jdk_major() {
  # prints the major version of the JDK at $1, or nothing
  local home="$1" v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  echo "${v%%.*}"
}

payhook_find_jdk() {
  local c m candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$c")
  fi
  for c in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* /opt/java/* /opt/jdk*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    m=$(payhook_jdk_major "$c")
    if [ -n "$m" ] && [ "$m" -ge 21 ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

if ! PAYHOOK_JDK=$(payhook_find_jdk); then
  echo "payhook: no JDK 21 or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm, macOS and SDKMAN locations)." >&2
  echo "payhook: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$PAYHOOK_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
PAYHOOK_JDK_MAJOR=$(payhook_jdk_major "$JAVA_HOME")
# JDK 23+ warns about sun.misc.Unsafe use by Maven and some libraries: allow it quietly.
if [ "$PAYHOOK_JDK_MAJOR" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  PAYHOOK_JVM_OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow ${PAYHOOK_JVM_OPTS:-}"
else
  PAYHOOK_JVM_OPTS="--enable-native-access=ALL-UNNAMED ${PAYHOOK_JVM_OPTS:-}"
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
