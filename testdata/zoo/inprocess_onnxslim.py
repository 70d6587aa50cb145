"""In-process timing of OnnxSlim over the .onnx files of a folder, for the comparison with Scalpel's
SimplifyModelBenchmark (JMH, in-process, file in and file out, no validation).

    ONNXSLIM_SRC=... python3 inprocess_onnxslim.py MODEL_DIR [SECONDS_PER_MODEL] > onnxslim_inprocess.jsonl

Each model: one untimed call (imports, first-use caches), then calls of onnxslim.slim(in, out) for
at least SECONDS_PER_MODEL (default 2) and at least 5 calls; prints one JSON line per model with the
mean and the minimum in milliseconds. The interpreter start and `import onnxslim` are not timed, as
the JVM start is not in JMH's numbers.
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import time

if os.environ.get("ONNXSLIM_SRC"):
    sys.path.insert(0, os.environ["ONNXSLIM_SRC"])
import onnxslim  # noqa: E402

folder = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
out = os.path.join(tempfile.mkdtemp(), "slim.onnx")


def slim(path):
    # NOTE: slim() prints a summary table to stdout and calls colorama's init(), which wraps
    # sys.stdout and sys.stderr again on every call; on the real streams the wrappers nest until
    # Python's recursion limit (about 800 calls). Fresh buffers per call keep the wrapping one deep
    # and the summary out of the JSON lines printed between calls.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        onnxslim.slim(path, out)


for name in sorted(f for f in os.listdir(folder) if f.endswith(".onnx")):
    path = os.path.join(folder, name)
    try:
        slim(path)
        times = []
        start = time.perf_counter()
        while len(times) < 5 or time.perf_counter() - start < seconds:
            t = time.perf_counter()
            slim(path)
            times.append(time.perf_counter() - t)
        print(json.dumps({"model": name, "tool": "onnxslim", "calls": len(times),
                          "mean_ms": 1e3 * sum(times) / len(times), "min_ms": 1e3 * min(times)}), flush=True)
    except Exception as e:  # one model's failure must not lose the others' numbers
        print(json.dumps({"model": name, "tool": "onnxslim", "error": repr(e)[:300]}), flush=True)
