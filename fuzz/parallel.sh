#!/usr/bin/env bash
# Fuzzes several targets at once, one JVM each, outside Maven (the fuzz profile runs them one after
# the other), then tallies executions and findings from libFuzzer's final statistics.
#
#   fuzz/parallel.sh OUT SECONDS [Class#method ...]
#
# Without targets: the six targets, ONNX Runtime folding and simplify (the slowest and the deepest)
# several times, to fill 16 cores. Each run has its own folder under OUT (its corpus, its log,
# any finding); a run's seed is 9100 + its number. Needs `mvn -q -DskipTests -pl fuzz -am
# test-compile` first, or FUZZ_CP (a class path: test classes, the modules, Jazzer, JUnit) and
# JAVA. Exit 1 when any run failed or found something.
set -u
out=${1:?OUT}; secs=${2:?SECONDS}; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
java=${JAVA:-java}
if [ -z "${FUZZ_CP:-}" ]; then
  (cd "$root" && mvn -q -pl fuzz dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/fuzz/target/fuzz.classpath") || exit 1
  FUZZ_CP="$root/fuzz/target/test-classes:$(cat "$root/fuzz/target/fuzz.classpath")"
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(FoldFuzzTest#foldWithOnnxRuntime FoldFuzzTest#foldWithOnnxRuntime FoldFuzzTest#foldWithOnnxRuntime
    FoldFuzzTest#foldWithOnnxRuntime FoldFuzzTest#foldWithOnnxRuntime FoldFuzzTest#foldWithOnnxRuntime
    SimplifyFuzzTest#simplifyMutatedModel SimplifyFuzzTest#simplifyMutatedModel
    SimplifyFuzzTest#simplifyMutatedModel SimplifyFuzzTest#simplifyMutatedModel
    ReaderFuzzTest#readArbitraryBytes ReaderFuzzTest#readArbitraryBytes
    FoldFuzzTest#foldWithJavaKernels FoldFuzzTest#foldWithJavaKernels
    InferShapesFuzzTest#inferGeneratedGraph AdmissionFuzzTest#admitMutatedModel)
fi
mkdir -p "$out"
i=0
for t in "${targets[@]}"; do
  i=$((i + 1)); d="$out/run$i"; mkdir -p "$d"
  # NOTE: the same settings as the fuzz profile in fuzz/pom.xml (heap, stack, instrumentation).
  ( cd "$d" && echo "target $t" > log.txt && JAZZER_FUZZ=1 timeout -k 20 $((secs + 120)) "$java" \
      -Xmx1g -Xss4m -Xshare:off -Djazzer.hooks=true -Djazzer.instrument='dev.scalpel.**' \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$secs" \
      -Djazzer.internal.arg.2=-seed=$((9100 + i)) -Djazzer.internal.arg.3=-print_final_stats=1 \
      -cp "$FUZZ_CP" dev.scalpel.fuzz.FuzzTargetLauncher "$t" >> log.txt 2>&1
    echo "rc=$?" >> log.txt ) &
done
wait
total=0; bad=0
for d in "$out"/run*; do
  n=$(grep -o "number_of_executed_units: [0-9]*" "$d/log.txt" | tail -1 | awk '{print $2}')
  found=$(find "$d" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'hs_err*' \) | wc -l)
  rc=$(tail -1 "$d/log.txt")
  [ "$rc" = "rc=0" ] && [ "$found" -eq 0 ] || bad=$((bad + 1))
  echo "$(basename "$d") $(head -1 "$d/log.txt" | cut -d' ' -f2): ${n:-?} executions, $found finding files, $rc"
  total=$((total + ${n:-0}))
done
echo "total executions: $total; runs failed or with findings: $bad"
[ "$bad" -eq 0 ]
