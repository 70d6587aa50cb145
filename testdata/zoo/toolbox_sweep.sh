#!/bin/bash
# usage: toolbox_sweep.sh JAR OUTDIR [ZOO_DIR] -> one line per zoo model: inspect --show, convert --dtype fp16,
# convert --opset 21, run --save-outputs and validate --load-outputs, extract between two interior tensors,
# edit insert (Relu after an interior tensor), edit remove (a bypassable node) and edit rename (a tensor and
# its node), each checked in ONNX Runtime, with their exit codes and verdicts. pick_surgery.py (next to this
# script) chooses the tensors and nodes from `inspect --json`; "-" marks a model without such a node.
jar=$1; out=$2; mkdir -p $out
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "${3:-/work/zoo}"
# the verdict line of a log (ONNX Runtime's check, or an error), shortened
verdict() { grep -m1 -E '^error|checked against|Result:' "$1" | sed -e 's/^ *//' -e 's/checked against itself .* in ONNX Runtime: /every output changed, loads and runs: /' -e 's/checked against .* in ONNX Runtime: //' | cut -c1-${2:-110}; }
for f in *.onnx; do
  b=${f%.onnx}
  t0=$(date +%s)
  java -jar $jar inspect $f --show nodes,weights > $out/$b.inspect.txt 2>&1; r1=$?
  java -jar $jar convert $f -o $out/$b.fp16.onnx --dtype fp16 --force > $out/$b.fp16.log 2>&1; r2=$?
  java -jar $jar convert $f -o $out/$b.op21.onnx --opset 21 --force > $out/$b.op21.log 2>&1; r3=$?
  java -jar $jar run $f --save-outputs $out/$b.golden.npz > $out/$b.run.log 2>&1; r4=$?
  java -jar $jar validate $f --load-outputs $out/$b.golden.npz > $out/$b.load.log 2>&1; r5=$?
  CUT_INPUTS=; CUT_OUTPUT=; INSERT_AFTER=; REMOVE_NODE=; RENAME_NODE=
  eval "$(java -jar $jar inspect $f --show nodes,io --json 2>/dev/null | python3 "$here/pick_surgery.py")"
  r6=-; r7=-; r8=-; r9=-
  if [ -n "$CUT_OUTPUT" ]; then
    java -jar $jar extract $f -o $out/$b.cut.onnx --inputs "$CUT_INPUTS" --outputs "$CUT_OUTPUT" --force \
      > $out/$b.extract.log 2>&1; r6=$?
    java -jar $jar edit insert $f -o $out/$b.insert.onnx --after "$INSERT_AFTER" --op Relu --force \
      > $out/$b.insert.log 2>&1; r7=$?
    java -jar $jar edit rename $f -o $out/$b.rename.onnx --tensor "$CUT_OUTPUT=${CUT_OUTPUT}_renamed" \
      --node "$RENAME_NODE=${RENAME_NODE}_renamed" --force > $out/$b.rename.log 2>&1; r9=$?
  fi
  if [ -n "$REMOVE_NODE" ]; then
    java -jar $jar edit remove $f -o $out/$b.remove.onnx --node "$REMOVE_NODE" --force > $out/$b.remove.log 2>&1; r8=$?
  fi
  echo "$b inspect=$r1 fp16=$r2 opset21=$r3 run=$r4 validate-load=$r5 extract=$r6 insert=$r7 remove=$r8 rename=$r9 $(( $(date +%s) - t0 ))s"
  echo "  fp16: $(verdict $out/$b.fp16.log) | op21: $(verdict $out/$b.op21.log) | load: $(verdict $out/$b.load.log 80)"
  for s in extract insert remove rename; do
    [ -f $out/$b.$s.log ] && echo "  $s: $(verdict $out/$b.$s.log 150)"
  done
done
