#!/usr/bin/env bash
# Times Scalpel against the Python peers on one machine, in one run (the `device` machine).
#
#   [ZOO_TOOLS=onnxslim,onnxscript,ort_basic] testdata/zoo/device_bench.sh OUT_DIR [--llama] [--llama3b] [--zoo]
#
# Needs, carried beside the checkout in .tools/: jre.tgz (a jlink'ed JRE: java.base, java.logging,
# java.management, jdk.management, jdk.unsupported, java.xml), benchmarks.jar (bench/target/benchmarks.jar,
# non-Linux ONNX Runtime natives removed: it holds the CLI as well as the JMH benchmarks) and onnxslim/
# (OnnxSlim's source). --jmh (after --zoo) runs SimplifyModelBenchmark on every zoo model. Exports the zoo itself (export_zoo.py), so no model travels.
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
export ONNXSLIM_SRC="$tools" PYTHONUNBUFFERED=1
scalpel() { echo "$java -Xmx1g -cp $tools/benchmarks.jar dev.scalpel.cli.ScalpelCommand simplify {in} -o {out} -q $*"; }

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
    --llama3b)
      python3 "$here/export_zoo.py" /tmp/big --llama3b > "$out/llama3b_export.log" 2>&1
      ls -la /tmp/big/llama_3b | tee -a "$out/llama3b_export.log"
      cp /tmp/big/llama_3b/llama.onnx "$out/llama3b.onnx"; cp /tmp/big/llama_3b/weights_manifest.json "$out/llama3b_manifest.json"
      python3 "$here/compare_tools.py" /tmp/big/llama_3b --tools "" \
        --scalpel "$(scalpel --no-validate)" > "$out/llama3b_novalidate.jsonl" 2>&1
      python3 "$here/compare_tools.py" /tmp/big/llama_3b --tools "${LLAMA3B_TOOLS:-ort_basic,onnxslim}" \
        --scalpel "$(scalpel)" > "$out/llama3b_validated.jsonl" 2>&1
      cat "$out"/llama3b_*.jsonl
      ;;
    --zoo)
      # NOTE: a machine kept warm between calls still has the zoo; exporting it again takes minutes.
      [ -f /tmp/zoo/zoo.json ] || python3 "$here/export_zoo.py" /tmp/zoo > "$out/zoo_export.log" 2>&1
      rm -f /tmp/zoo/fp32_cnn_for_qdq.onnx
      python3 "$here/compare_tools.py" /tmp/zoo --tools "${ZOO_TOOLS:-onnxslim}" --scalpel "$(scalpel)" > "$out/zoo.jsonl" 2>&1
      cat "$out/zoo.jsonl"
      ;;
    --jmh)
      models=$(cd /tmp/zoo && ls *.onnx | paste -sd, -)
      "$java" -jar "$tools/benchmarks.jar" SimplifyModelBenchmark -p dir=/tmp/zoo -p "model=$models" \
        -wi 2 -w 1 -i 3 -r 1 -f 1 -rf json -rff "$out/jmh_zoo.json" > "$out/jmh_zoo.log" 2>&1
      grep -E "^SimplifyModelBenchmark|Benchmark " "$out/jmh_zoo.log"
      ;;
  esac
done
