#!/usr/bin/env bash
# Re-extracts node/ here: the ONNX backend node tests present at onnx/onnx commit 6be0677 (the last
# one that ships onnx/backend/test/data/node) and absent from tag v1.12.0 (the set Debian's
# libonnx-testdata 1.12.0 installs, which the conformance profile already reads). 897 tests.
#
# usage: testdata/onnx-node-tests-post-1.12/extract.sh ONNX_GIT_DIR
#   ONNX_GIT_DIR: a clone of github.com/onnx/onnx (bare or not) holding 6be0677 and v1.12.0
set -euo pipefail
git_dir=${1:?usage: $0 ONNX_GIT_DIR}
commit=6be0677fc22e74563e6eb472f931513aefe5648d
base=v1.12.0
here=$(cd "$(dirname "$0")" && pwd)
node=onnx/backend/test/data/node

names() { git -C "$git_dir" ls-tree -d --name-only "$1" "$node/" | sed 's#.*/##' | LC_ALL=C sort; }
new=$(LC_ALL=C comm -23 <(names "$commit") <(names "$base"))
count=$(printf '%s\n' "$new" | wc -l)
[ "$count" -eq 897 ] || { echo "expected 897 tests, found $count" >&2; exit 1; }

rm -rf "$here/node"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "$node/%s\n" $new | xargs git -C "$git_dir" archive "$commit" | tar -x -C "$tmp"
mv "$tmp/$node" "$here/node"
echo "extracted $count tests from onnx $commit into $here/node"
