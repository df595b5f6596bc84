# Sourced by the install scripts that build a Go program from the Go module proxy (bash).
# go_build_env DIR: finds the Go toolchain (go on PATH or /usr/local/go/bin/go) into $go and keeps
# everything Go writes under DIR (GOPATH, GOCACHE, GOMODCACHE), so a second build is served from there.
# Returns 1, with a line on stderr naming what is missing, when there is no Go.
# stamp_is FILE TEXT: true when FILE holds exactly TEXT (the versions a finished build wrote there).

go_build_env() {
  local dir=$1
  go=$(command -v go || echo /usr/local/go/bin/go)
  if [ ! -x "$go" ]; then
    echo "no Go toolchain (go on PATH or /usr/local/go/bin/go)" >&2
    return 1
  fi
  mkdir -p "$dir"
  export GOPATH="$dir" GOCACHE="$dir/build" GOMODCACHE="$dir/mod"
  export GOFLAGS=-modcacherw CGO_ENABLED=0
}

stamp_is() {
  [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}
