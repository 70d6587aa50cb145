#!/bin/bash
# usage: toolbox_sweep.sh JAR OUTDIR [ZOO_DIR] -> one line per zoo model: inspect --show, convert --dtype fp16,
# convert --opset 21, run --save-outputs and validate --load-outputs, with their exit codes and verdicts
jar=$1; out=$2; mkdir -p $out
cd "${3:-/work/zoo}"
for f in *.onnx; do
  b=${f%.onnx}
  t0=$(date +%s)
  java -jar $jar inspect $f --show nodes,weights > $out/$b.inspect.txt 2>&1; r1=$?
  java -jar $jar convert $f -o $out/$b.fp16.onnx --dtype fp16 --force > $out/$b.fp16.log 2>&1; r2=$?
  java -jar $jar convert $f -o $out/$b.op21.onnx --opset 21 --force > $out/$b.op21.log 2>&1; r3=$?
  java -jar $jar run $f --save-outputs $out/$b.golden.npz > $out/$b.run.log 2>&1; r4=$?
  java -jar $jar validate $f --load-outputs $out/$b.golden.npz > $out/$b.load.log 2>&1; r5=$?
  echo "$b inspect=$r1 fp16=$r2 opset21=$r3 run=$r4 validate-load=$r5 $(( $(date +%s) - t0 ))s | fp16: $(grep -m1 -iE 'error|EQUIVALENT|DIFFERENT' $out/$b.fp16.log | cut -c1-110) | op21: $(grep -m1 -iE 'error|EQUIVALENT|DIFFERENT' $out/$b.op21.log | cut -c1-110) | load: $(grep -m1 -iE 'error|Result' $out/$b.load.log | cut -c1-80)"
done
