#!/usr/bin/env bash
# What the test node (test/kubernetes/node.ts) needs beyond the control plane: Debian's containerd (1.6,
# with its CRI plugin; kubelet 1.37 still talks to it, falling back from the RuntimeConfig call that
# containerd 1.x lacks), runc, the CNI plugins and conntrack; and, built from the Go module proxy into
# .cache/node, the pause program of the pod sandbox (test/kubernetes/pause) and CoreDNS at COREDNS_VERSION
# (test/versions.env). Idempotent: skips what .cache/node/versions already names.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../versions.env
. "$root/test/versions.env"
# shellcheck source=../support/go-build.sh
. "$root/test/support/go-build.sh"
# shellcheck source=../support/debian-packages.sh
. "$root/test/support/debian-packages.sh"

packages=(containerd runc containernetworking-plugins conntrack iptables)
# The package enables a containerd service; the tests start their own with a configuration of their own.
apt_install_missing node "${packages[@]}"
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now containerd >/dev/null 2>&1 || true; fi

cache="$root/.cache/node"
stamp="$cache/versions"
want="pause $(sha256sum "$root/test/kubernetes/pause/main.go" | cut -c1-12) coredns $COREDNS_VERSION"
if [ -x "$cache/pause" ] && [ -x "$cache/coredns" ] && stamp_is "$stamp" "$want"; then
  echo "node: pause and CoreDNS $COREDNS_VERSION present in .cache/node"
  exit 0
fi
go_build_env "$cache"
rm -f "$stamp"
start=$(date +%s)
(cd "$root/test/kubernetes/pause" && "$go" build -trimpath -ldflags "-s -w" -o "$cache/pause" .)
src="$cache/src/coredns"
mkdir -p "$src"
printf 'module kafka-tests/coredns\n\ngo %s\n\ntool github.com/coredns/coredns\n\nrequire github.com/coredns/coredns %s\n' \
  "$("$go" env GOVERSION | sed 's/^go\([0-9]*\.[0-9]*\).*/\1/')" "$COREDNS_VERSION" >"$src/go.mod"
(cd "$src" && "$go" mod tidy && "$go" build -trimpath -ldflags "-s -w" -o "$cache/coredns" github.com/coredns/coredns)
echo "$want" >"$stamp"
echo "node: pause and CoreDNS $COREDNS_VERSION built into .cache/node in $(($(date +%s) - start)) s"
