"""Runs the Python peers over every model of a folder and prints node counts, wall time and peak RSS.

    python3 compare_tools.py ZOO_DIR [--tools onnxslim,onnxscript,ort_basic] [--scalpel 'CMD'] > table.json

Each tool runs in its own process (peak RSS is that process's, from wait4), so numbers are
comparable with whole-process timings of `scalpel simplify` on the same machine. OnnxSlim is run
from a source checkout on PYTHONPATH (ONNXSLIM_SRC); onnxscript's optimizer with its default
rewrite rules; ONNX Runtime with basic graph optimizations written to a file. `--scalpel` adds a
command (with {in} and {out} placeholders) timed the same way.
"""
import json
import os
import subprocess
import sys
import time

TOOLS = {
    "onnxslim": "import sys; import onnxslim; onnxslim.slim(sys.argv[1], sys.argv[2])",
    "onnxscript": (
        "import sys, onnx, onnxscript.optimizer as o;"
        "m = onnx.load(sys.argv[1]); m = o.optimize(m);"
        "onnx.save(m, sys.argv[2], save_as_external_data=m.ByteSize() > 2**31 - 2**26)"),
    "ort_basic": (
        "import sys, onnxruntime as ort; s = ort.SessionOptions();"
        "s.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC;"
        "s.optimized_model_filepath = sys.argv[2];"
        "s.add_session_config_entry('session.optimized_model_external_initializers_file_name',"
        " __import__('os').path.basename(sys.argv[2]) + '.data');"
        "s.add_session_config_entry('session.optimized_model_external_initializers_min_size_in_bytes', '1024');"
        "ort.InferenceSession(sys.argv[1], s, providers=['CPUExecutionProvider'])"),
}


def nodes(path):
    import onnx
    return len(onnx.load(path, load_external_data=False).graph.node)


def timed(cmd, env=None):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")[-300:]
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss / 1024.0, err


def main():
    zoo = sys.argv[1]
    tools = list(TOOLS)
    scalpel = None
    args = sys.argv[2:]
    if "--tools" in args:
        tools = [t for t in args[args.index("--tools") + 1].split(",") if t]
    if "--scalpel" in args:
        scalpel = args[args.index("--scalpel") + 1]
    env = dict(os.environ)
    if os.environ.get("ONNXSLIM_SRC"):
        env["PYTHONPATH"] = os.environ["ONNXSLIM_SRC"] + os.pathsep + env.get("PYTHONPATH", "")
    out_dir = os.path.join(os.environ.get("TMPDIR", "/tmp"), "compare_out")
    os.makedirs(out_dir, exist_ok=True)
    models = sorted(f for f in os.listdir(zoo) if f.endswith(".onnx"))
    rows = []
    for f in models:
        src = os.path.join(zoo, f)
        row = {"model": f, "nodes": nodes(src)}
        for t in tools:
            dst = os.path.join(out_dir, t + "_" + f)
            rc, wall, rss, err = timed([sys.executable, "-c", TOOLS[t], src, dst], env)
            row[t] = {"rc": rc, "s": round(wall, 2), "rss_mb": round(rss), "nodes": nodes(dst) if rc == 0 else None}
            if rc:
                row[t]["err"] = err
        if scalpel:
            dst = os.path.join(out_dir, "scalpel_" + f)
            rc, wall, rss, err = timed(["bash", "-c", "exec " + scalpel.format(**{"in": src, "out": dst})], env)
            row["scalpel"] = {"rc": rc, "s": round(wall, 2), "rss_mb": round(rss),
                              "nodes": nodes(dst) if rc == 0 else None}
            if rc:
                row["scalpel"]["err"] = err
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


if __name__ == "__main__":
    main()
