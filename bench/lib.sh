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
