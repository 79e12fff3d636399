#!/usr/bin/env bash
# Builds librdkafka's rdkafka_performance load generator from the C sources bundled in the npm
# tarball node-rdkafka@3.6.1 (librdkafka 2.12), offline, with the machine's gcc and make.
#
# Beside it, it builds oxbow-mock-cluster from mock-cluster-host.c (next to this script):
# librdkafka's mock cluster in a process of its own, so that separate producer and consumer
# processes can share it (see that file for why).
#
# Everything lives OUTSIDE the repository, in ${OXBOW_BENCH_CACHE:-$HOME/.cache/oxbow-bench}:
# nothing this script downloads or builds is committed. It is idempotent: when both binaries are
# cached and the mock host was built from the current mock-cluster-host.c, it does nothing. The
# static library and the headers the mock host needs are kept there too (librdkafka-of-node-rdkafka-*/),
# so an edit of mock-cluster-host.c recompiles the host alone, in seconds.
# The last line printed is always rdkafka_performance's absolute path; progress goes to stderr.
#
# Both binaries link the static librdkafka.a; only libc and libm come from the system, so
# neither needs LD_LIBRARY_PATH.
set -euo pipefail

NODE_RDKAFKA_VERSION=3.6.1
CACHE_DIR="${OXBOW_BENCH_CACHE:-$HOME/.cache/oxbow-bench}"
BINARY="$CACHE_DIR/rdkafka_performance"
MOCK_HOST="$CACHE_DIR/oxbow-mock-cluster"
MOCK_HOST_SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mock-cluster-host.c"
MOCK_HOST_STAMP="$MOCK_HOST.sha256"
SOURCE_HASH="$(sha256sum "$MOCK_HOST_SOURCE" | cut -d' ' -f1)"
# What the mock host compiles against: config.h, src/*.h, src/librdkafka.a and the link flags.
LIB_DIR="$CACHE_DIR/librdkafka-of-node-rdkafka-$NODE_RDKAFKA_VERSION"

if [[ -x "$BINARY" && -x "$MOCK_HOST" && "$(cat "$MOCK_HOST_STAMP" 2>/dev/null)" == "$SOURCE_HASH" ]]; then
  echo "$BINARY"
  exit 0
fi

# Compiles the mock host against the kept librdkafka tree ($1) and installs it.
build_mock_host() {
  # shellcheck disable=SC2046 # the link flags are a list, split on purpose.
  gcc -O2 -Wall -I"$1/src" "$MOCK_HOST_SOURCE" -o "$MOCK_HOST.tmp" "$1/src/librdkafka.a" $(cat "$1/libs.txt") 1>&2
  mv -f "$MOCK_HOST.tmp" "$MOCK_HOST"
  echo "$SOURCE_HASH" >"$MOCK_HOST_STAMP"
}

if [[ -x "$BINARY" && -f "$LIB_DIR/src/librdkafka.a" && -f "$LIB_DIR/libs.txt" ]]; then
  echo "rebuilding oxbow-mock-cluster only, against $LIB_DIR" 1>&2
  build_mock_host "$LIB_DIR"
  echo "$BINARY"
  exit 0
fi

mkdir -p "$CACHE_DIR"
WORK_DIR="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT

{
  echo "building rdkafka_performance in $WORK_DIR (under a minute on 2 cores)"
  cd "$WORK_DIR"
  npm pack --silent "node-rdkafka@$NODE_RDKAFKA_VERSION" >/dev/null
  tar xzf "node-rdkafka-$NODE_RDKAFKA_VERSION.tgz"
  cd package/deps/librdkafka

  # NB: --no-download keeps mklove from fetching its modules. TLS, SASL/GSSAPI, HTTP (OIDC),
  # zlib and zstd are off: the benchmark speaks plaintext and sends uncompressed batches, and
  # "try" would otherwise link whatever -dev packages a machine happens to have. Snappy and lz4
  # are built in regardless.
  ./configure --no-download --no-cache \
    --disable-ssl --disable-gssapi --disable-curl --disable-zstd --disable-zlib \
    --disable-lz4-ext --disable-regex-ext --disable-syslog

  make -j2 -C src librdkafka.a
  make -j2 -C examples rdkafka_performance
  sed -n 's/^LIBS+=//p' Makefile.config | tr '\n' ' ' >libs.txt

  # Keep what the mock host needs; install by rename so that an interrupted run never leaves a
  # half-written tree or binary behind.
  rm -rf "$LIB_DIR.tmp"
  mkdir -p "$LIB_DIR.tmp/src"
  cp config.h libs.txt "$LIB_DIR.tmp/"
  find src -name "*.h" -exec cp --parents {} "$LIB_DIR.tmp/" \;
  cp src/librdkafka.a "$LIB_DIR.tmp/src/"
  rm -rf "$LIB_DIR"
  mv "$LIB_DIR.tmp" "$LIB_DIR"
} 1>&2

build_mock_host "$LIB_DIR"
install -m 0755 "$WORK_DIR/package/deps/librdkafka/examples/rdkafka_performance" "$BINARY.tmp"
mv -f "$BINARY.tmp" "$BINARY"
echo "$BINARY"
