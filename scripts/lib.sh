# Shared by ./capreport and scripts/test: make sure what the project needs is installed.
# Installs with apt-get when running as root; otherwise says exactly what to install.

need_pkg() { # need_pkg COMMAND PACKAGE...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "capreport: '$cmd' is missing, installing: $*" >&2
    if [ -z "${CAPREPORT_APT_UPDATED:-}" ]; then
      apt-get update -qq >&2 || { echo "capreport: apt-get update failed" >&2; exit 2; }
      export CAPREPORT_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 \
      || { echo "capreport: apt-get install $* failed" >&2; exit 2; }
  else
    echo "capreport: '$cmd' is missing; install it first: sudo apt-get install -y $*" >&2
    exit 2
  fi
}

need_java() {
  need_pkg java openjdk-17-jdk-headless
  need_pkg mvn maven
  local v
  v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  if [ -n "$v" ] && [ "$v" -lt 17 ]; then
    echo "capreport: Java 17 or newer is needed (found $v); set JAVA_HOME or install openjdk-17-jdk-headless" >&2
    exit 2
  fi
}

need_etcd() {
  [ -n "${CAPREPORT_ETCD_BINARY:-}" ] && [ -x "$CAPREPORT_ETCD_BINARY" ] && return 0
  need_pkg etcd etcd-server etcd-client
}

want_pkg() { # want_pkg COMMAND PACKAGE... : like need_pkg, but a failure only says what will be skipped
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "capreport: '$cmd' is missing, installing: $*" >&2
    if [ -z "${CAPREPORT_APT_UPDATED:-}" ]; then
      apt-get update -qq >&2 || true
      export CAPREPORT_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${CAPREPORT_APT_OPTS:-} "$@" >&2 && return 0
    echo "capreport: could not install $*" >&2
  fi
  return 1
}

need_lib() { # need_lib SONAME PACKAGE... : a shared library (ldconfig's cache), installed like need_pkg
  local so=$1; shift
  { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q "$so" && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "capreport: $so is missing, installing: $*" >&2
    if [ -z "${CAPREPORT_APT_UPDATED:-}" ]; then
      apt-get update -qq >&2 || { echo "capreport: apt-get update failed" >&2; exit 2; }
      export CAPREPORT_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 \
      || { echo "capreport: apt-get install $* failed" >&2; exit 2; }
  else
    echo "capreport: $so is missing; install it first: sudo apt-get install -y $*" >&2
    exit 2
  fi
}

need_gui() { # need_gui ARGS... : what JavaFX needs to open a window, unless it renders headless (--screenshot)
  [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && return 0   # the dashboard says what to do instead
  printf '%s\n' "$@" | grep -qx -- '--screenshot' && return 0
  need_lib libgtk-3.so.0 libgtk-3-0
}
