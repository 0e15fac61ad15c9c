# Shared by the bench scripts (sourced, not run).

# need TOOL PACKAGE: installs the Debian package when TOOL is missing (idempotent, quiet; needs
# root or sudo, as on CI).
need() {
  command -v "$1" >/dev/null && return 0
  echo "installing $2 (Debian package) for $1..." >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$2" >/dev/null
  command -v "$1" >/dev/null || { echo "$1 is still missing after installing $2" >&2; exit 2; }
}

# The release binaries of this checkout.
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target_dir/release/rosterwire"
bare="$target_dir/release/examples/bare_limit"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# server_cpu_ns PID: CPU time of all the process's threads so far, in nanoseconds (schedstat:
# user and kernel).
server_cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {printf "%.0f", s}'; }

# wait_port PORT: until something accepts connections on 127.0.0.1:PORT; exits 3 after 30 s
# (a server under valgrind takes seconds to start).
wait_port() {
  local _
  for _ in $(seq 600); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then exec 3>&-; return 0; fi
    sleep 0.05
  done
  echo "nothing accepts connections on port $1 after 30 s" >&2
  exit 3
}
