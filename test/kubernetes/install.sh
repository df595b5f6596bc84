#!/usr/bin/env bash
# Builds a Kubernetes control plane from the Go module proxy into .cache/kubernetes/bin, for test/kubernetes:
# kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kubelet and kube-proxy from
# k8s.io/kubernetes at KUBERNETES_VERSION, and etcd from go.etcd.io/etcd/server/v3 at ETCD_VERSION
# (test/versions.env).
# k8s.io/kubernetes is not made to be required by other modules: its go.mod requires its staging modules
# (k8s.io/api, k8s.io/client-go, ...) at v0.0.0. So each program is built inside a small module of our
# own (.cache/kubernetes/src/*/go.mod, written here) that requires k8s.io/kubernetes and replaces every one
# of those staging modules by its published v0.N.P, N.P being the release's minor and patch.
# Everything Go writes stays under .cache/kubernetes (about 6 GiB of module and build cache).
# Idempotent: skips when .cache/kubernetes/bin/versions names the pinned versions.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../versions.env
. "$root/test/versions.env"
# shellcheck source=../support/go-build.sh
. "$root/test/support/go-build.sh"

cache="$root/.cache/kubernetes"
bin="$cache/bin"
stamp="$bin/versions"
want="kubernetes $KUBERNETES_VERSION etcd $ETCD_VERSION"
programs=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)

present=true
for p in "${programs[@]}" etcd; do [ -x "$bin/$p" ] || present=false; done
if $present && stamp_is "$stamp" "$want"; then
  echo "Kubernetes $KUBERNETES_VERSION and etcd $ETCD_VERSION: present in .cache/kubernetes/bin"
  exit 0
fi

go_build_env "$cache"
mkdir -p "$bin"
rm -f "$stamp"
start=$(date +%s)

# kube-apiserver reports this version, and kubectl compares its own with it.
minor_patch=${KUBERNETES_VERSION#v1.}
major=1 minor=${minor_patch%%.*}
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"

echo "Kubernetes $KUBERNETES_VERSION: building ${programs[*]} from the Go module proxy"
src="$cache/src/kubernetes"
mkdir -p "$src"
upstream_mod=$(cd "$src" && "$go" mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" |
  sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')
# The staging modules are the k8s.io/* lines that k8s.io/kubernetes requires at v0.0.0.
staging=$(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" { print $1 }' "$upstream_mod" | sort -u)
if [ -z "$staging" ]; then
  echo "Kubernetes $KUBERNETES_VERSION: its go.mod ($upstream_mod) requires no k8s.io/* module at v0.0.0; this script knows no other layout" >&2
  exit 1
fi
{
  echo "module kafka-tests/kubernetes"
  echo
  echo "go $("$go" env GOVERSION | sed 's/^go\([0-9]*\.[0-9]*\).*/\1/')"
  echo
  for p in "${programs[@]}"; do echo "tool k8s.io/kubernetes/cmd/$p"; done
  echo
  echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
  echo
  for m in $staging; do echo "replace $m => $m v0.$minor_patch"; done
} >"$src/go.mod"
(cd "$src" && "$go" mod tidy && "$go" build -trimpath -ldflags "$ldflags" -o "$bin/" tool)

echo "etcd $ETCD_VERSION: building from the Go module proxy"
src="$cache/src/etcd"
mkdir -p "$src"
printf 'module kafka-tests/etcd\n\ngo %s\n\ntool go.etcd.io/etcd/server/v3\n\nrequire go.etcd.io/etcd/server/v3 %s\n' \
  "$("$go" env GOVERSION | sed 's/^go\([0-9]*\.[0-9]*\).*/\1/')" "$ETCD_VERSION" >"$src/go.mod"
(cd "$src" && "$go" mod tidy && "$go" build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3)

echo "$want" >"$stamp"
echo "Kubernetes $KUBERNETES_VERSION and etcd $ETCD_VERSION: built into .cache/kubernetes/bin in $(($(date +%s) - start)) s"
du -sh "$bin"/* | sed 's|'"$bin"'/||'
