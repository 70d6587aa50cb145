#!/usr/bin/env bash
# Times Scalpel against the Python peers on one machine, in one run (the `device` machine).
#
#   testdata/zoo/device_bench.sh OUT_DIR [--llama] [--zoo] [--models DIR]
#
# Needs, carried beside the checkout in .tools/: jre.tgz (a jlink'ed JRE: java.base, java.logging,
# java.management, jdk.management, jdk.unsupported, java.xml), scalpel.jar (the CLI jar, non-Linux natives removed)
# and onnxslim/ (OnnxSlim's source). Exports the zoo itself (export_zoo.py), so no model travels.
# Every tool runs as its own process; wall time and peak RSS come from wait4 (compare_tools.py).
set -uo pipefail
out="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/../../.tools"
mkdir -p /tmp/jre "$out"
tar xzf "$tools/jre.tgz" -C /tmp/jre
java=/tmp/jre/jre/bin/java
"$java" -version 2>&1 | head -1
nproc
export ONNXSLIM_SRC="$tools"
scalpel() { echo "$java -Xmx1g -jar $tools/scalpel.jar simplify {in} -o {out} -q $*"; }

for arg in "$@"; do
  case "$arg" in
    --llama)
      python3 "$here/export_zoo.py" /tmp/big --llama > "$out/llama_export.log" 2>&1
      ls -la /tmp/big/llama_1b | tee -a "$out/llama_export.log"
      python3 "$here/compare_tools.py" /tmp/big/llama_1b --tools onnxslim,ort_basic \
        --scalpel "$(scalpel)" > "$out/llama_validated.jsonl" 2>&1
      python3 "$here/compare_tools.py" /tmp/big/llama_1b --tools "" \
        --scalpel "$(scalpel --no-validate)" > "$out/llama_novalidate.jsonl" 2>&1
      cat "$out"/llama_*.jsonl
      ;;
    --zoo)
      python3 "$here/export_zoo.py" /tmp/zoo > "$out/zoo_export.log" 2>&1
      rm -f /tmp/zoo/fp32_cnn_for_qdq.onnx
      python3 "$here/compare_tools.py" /tmp/zoo --tools onnxslim --scalpel "$(scalpel)" > "$out/zoo.jsonl" 2>&1
      cat "$out/zoo.jsonl"
      ;;
  esac
done
