#!/usr/bin/env bash
# Debian packages the tests need: chromium (browser tests) and docker-compose v1 (validates
# docker-compose.yml). Installed only when missing; `apt-get update` runs once before.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Paquets manquants (${missing[*]}) : lancez en root, les tests qui en dépendent seront ignorés." >&2
  exit 0
fi
echo "Installation des paquets Debian : ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
