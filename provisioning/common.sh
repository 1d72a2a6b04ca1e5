# Sourced by the provisioning scripts (after they define die): SUDO runs a command as root (empty
# as root, else sudo), installed PACKAGE says whether a Debian package is installed.
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  die "run as root or install sudo"
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
