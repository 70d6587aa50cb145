#!/usr/bin/env bash
# Times Scalpel against the Python peers on one machine, in one run (the `device` machine).
#
#   [ZOO_TOOLS=onnxslim,onnxscript,ort_basic] testdata/zoo/device_bench.sh OUT_DIR [STEP ...]
#
# Steps, run in the order given:
#   --llama, --llama3b   export a 4.4 GB / 13.7 GB Llama there and time each tool on it as a process
#   --zoo                export the small zoo to /tmp/zoo and time each tool on every model as a process
#   --jmh                (after --zoo) SimplifyModelBenchmark on every zoo model
#   --models DIR         copy DIR's .onnx files (.onnx.xz unpacked) into /tmp/bench_models, the set the
#                        three steps below measure; the set starts empty in every run
#   --ssdlite            export torchvision's SSDlite320 (opset 11, TorchScript exporter) into that set
#   --bench-jmh          SimplifyModelBenchmark.(simplifyNotDurable|onnxRuntimeBasic) over the set
#                        (JMH_WI warm-ups of JMH_W s, JMH_I measurements of 1 s; 4, 1, 3 by default):
#                        Scalpel in-process, file in and file out, against ONNX Runtime basic (Java API)
#   --bench-onnxslim     OnnxSlim in-process over the set (inprocess_onnxslim.py)
#   --bench-commands     each tool as a whole process over the set, 3 runs each, median: Scalpel as
#                        `scalpel simplify` does it (class-data sharing archive, validation on), Scalpel
#                        with --no-validate, OnnxSlim, ONNX Runtime basic
#
# Needs, carried beside the checkout in .tools/: jre.txz or jre.tgz (a jlink'ed JRE: java.base,
# java.logging, java.management, jdk.unsupported), benchmarks.jar.xz or benchmarks.jar
# (bench/target/benchmarks.jar, non-Linux ONNX Runtime natives removed: it holds the CLI as well as
# the JMH benchmarks) and onnxslim/ (OnnxSlim's source). On a machine kept warm from an earlier call
# the unpacked JRE and jar in /tmp are reused, so a later call may carry models only.
# Every tool runs as its own process; wall time and peak RSS come from wait4 (compare_tools.py).
set -uo pipefail
out="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/../../.tools"
mkdir -p /tmp/jre "$out"
java=/tmp/jre/jre/bin/java
if [ ! -x "$java" ]; then
  if [ -f "$tools/jre.txz" ]; then tar xJf "$tools/jre.txz" -C /tmp/jre; else tar xzf "$tools/jre.tgz" -C /tmp/jre; fi
fi
jar=/tmp/benchmarks.jar
if [ ! -f "$jar" ]; then
  if [ -f "$tools/benchmarks.jar.xz" ]; then xz -dc "$tools/benchmarks.jar.xz" > "$jar"; else cp "$tools/benchmarks.jar" "$jar"; fi
fi
if [ -d "$tools/onnxslim" ]; then rm -rf /tmp/onnxslim_src; cp -r "$tools/onnxslim" /tmp/onnxslim_src; fi
"$java" -version 2>&1 | head -1
nproc; lscpu | grep "Model name"; df -T /tmp | tail -1
# NOTE: a jlink'ed JRE has no default class-data sharing archive; a JDK has one. Dump it, then the
# dynamic archive the `scalpel` launcher makes after each build, so the command is timed as users run it.
[ -f /tmp/jre/jre/lib/server/classes.jsa ] || "$java" -Xshare:dump > /dev/null 2>&1
[ -f /tmp/scalpel.jsa ] || "$java" -XX:ArchiveClassesAtExit=/tmp/scalpel.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$jar" dev.scalpel.cli.ScalpelCommand inspect "$here/../models/tiny_cnn.onnx" > /dev/null 2>&1 || rm -f /tmp/scalpel.jsa
cds="-XX:SharedArchiveFile=/tmp/scalpel.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
[ -f /tmp/scalpel.jsa ] || cds=""
export ONNXSLIM_SRC=/tmp/onnxslim_src PYTHONUNBUFFERED=1
# scalpel_with JVM_OPTS [SIMPLIFY_OPTION ...]: the simplify command compare_tools.py times ({in}, {out}).
scalpel_with() { echo "$java $1 -Xmx1g -cp $jar dev.scalpel.cli.ScalpelCommand simplify {in} -o {out} -q ${*:2}"; }
scalpel() { scalpel_with "" "$@"; }  # no CDS archive: how the zoo and Llama tables were measured
# jmh_over DIR BENCHMARKS NAME WARMUPS WARMUP_S MEASUREMENTS: BENCHMARKS over every model of DIR, one fork,
# 1 s measurements; OUT/NAME.json and OUT/NAME.log, whose result lines are printed.
jmh_over() {
  local models; models=$(cd "$1" && ls *.onnx | paste -sd, -)
  "$java" -jar "$jar" "$2" -p dir="$1" -p "model=$models" -wi "$4" -w "$5" -i "$6" -r 1 -f 1 \
    -rf json -rff "$out/$3.json" > "$out/$3.log" 2>&1
  grep -E "^SimplifyModelBenchmark|Benchmark " "$out/$3.log"
}
set_dir=/tmp/bench_models
rm -rf "$set_dir"; mkdir -p "$set_dir"

while [ $# -gt 0 ]; do
  arg=$1; shift
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
      jmh_over /tmp/zoo SimplifyModelBenchmark jmh_zoo 2 1 3
      ;;
    --models)
      [ $# -gt 0 ] || { echo "--models needs a folder" >&2; exit 2; }
      for f in "$1"/*.onnx; do [ -e "$f" ] && cp "$f" "$set_dir/"; done
      for f in "$1"/*.onnx.xz; do [ -e "$f" ] && xz -dc "$f" > "$set_dir/$(basename "${f%.xz}")"; done
      shift; ls "$set_dir" | wc -l
      ;;
    --ssdlite)
      python3 "$here/export_zoo.py" /tmp/ssdlite_export --only ssdlite > "$out/ssdlite_export.log" 2>&1
      cp /tmp/ssdlite_export/ssdlite320.onnx "$set_dir/" && tail -2 "$out/ssdlite_export.log"
      ;;
    --bench-jmh)
      jmh_over "$set_dir" "SimplifyModelBenchmark.(simplifyNotDurable|onnxRuntimeBasic)" jmh_set \
        "${JMH_WI:-4}" "${JMH_W:-1}" "${JMH_I:-3}"
      ;;
    --bench-onnxslim)
      timeout 240 python3 "$here/inprocess_onnxslim.py" "$set_dir" 2 > "$out/onnxslim_inprocess.jsonl" 2> "$out/onnxslim_inprocess.err"
      cat "$out/onnxslim_inprocess.jsonl"; tail -3 "$out/onnxslim_inprocess.err"
      ;;
    --bench-commands)
      python3 "$here/compare_tools.py" "$set_dir" --tools onnxslim,ort_basic --repeat 3 \
        --scalpel "$(scalpel_with "$cds")" \
        > "$out/commands_validated.jsonl" 2> "$out/commands.err"
      python3 "$here/compare_tools.py" "$set_dir" --tools "" --repeat 3 --scalpel-name scalpel_no_validate \
        --scalpel "$(scalpel_with "$cds" --no-validate)" \
        > "$out/commands_no_validate.jsonl" 2>> "$out/commands.err"
      cat "$out"/commands_*.jsonl; tail -3 "$out/commands.err"
      ;;
    *)
      echo "unknown step: $arg" >&2; exit 2
      ;;
  esac
done
