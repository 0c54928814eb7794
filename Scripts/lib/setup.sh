# Shared setup for Scripts/*.sh: Debian packages and the Python oracle venv. Idempotent.
# Source it; it defines functions and changes nothing by itself.

step() { printf '\n==> %s\n' "$*"; }

# Pinned oracles: the official Rerun SDK and the libraries it is checked against.
PYTHON_ORACLES=(rerun-sdk==0.41.0 pyarrow==26.0.1 lz4==4.4.5 numpy==2.4.6 xxhash==4.1.0 datafusion==54.0.0 websocket-client==1.9.2)
# chromium: headless browser tests of the web viewer (Tests/Browser); nodejs: `node --test` of its pure modules.
APT_PACKAGES=(chromium nodejs)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup_apt_packages() {
  [ ${#APT_PACKAGES[@]} -gt 0 ] || return 0
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

setup_python_venv() {
  local stamp=".venv/.oracles-$(printf '%s\n' "${PYTHON_ORACLES[@]}" | sha1sum | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    step "Python venv with pinned oracles: ${PYTHON_ORACLES[*]}"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check "${PYTHON_ORACLES[@]}" \
      || { echo "error: could not install the Python oracles (${PYTHON_ORACLES[*]}); tests need them" >&2; exit 1; }
    touch "$stamp"
  fi
  # Fail loudly (never skip) if an oracle does not import.
  .venv/bin/python -c "import rerun, pyarrow, lz4.block, numpy, xxhash, datafusion, websocket, PIL" \
    || { echo "error: the Python oracles do not import; delete .venv and re-run" >&2; exit 1; }
}
