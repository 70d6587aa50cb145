"""Runs the Python peers over every model of a folder and prints node counts, wall time and peak RSS.

    python3 compare_tools.py ZOO_DIR [--tools onnxslim,onnxscript,ort_basic] [--scalpel 'CMD']
                             [--scalpel-name NAME] [--repeat N] > table.json

Each tool runs in its own process (peak RSS is that process's, from wait4), so numbers are
comparable with whole-process timings of `scalpel simplify` on the same machine. OnnxSlim is run
from a source checkout on PYTHONPATH (ONNXSLIM_SRC); onnxscript's optimizer with its default
rewrite rules; ONNX Runtime with basic graph optimizations written to a file. `--scalpel` adds a
command (with {in} and {out} placeholders) timed the same way, reported under NAME (default "scalpel").
With --repeat N every process runs N times in turn (tool by tool, so a slow spell hits all alike) and
"s" is the median wall time, "s_min" the fastest; peak RSS is the largest of the N; "rc" and "err"
are the first failing run's.
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
    scalpel_name = args[args.index("--scalpel-name") + 1] if "--scalpel-name" in args else "scalpel"
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 1
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
        outputs = {t: os.path.join(out_dir, t + "_" + f) for t in tools}
        commands = {t: [sys.executable, "-c", TOOLS[t], src, outputs[t]] for t in tools}
        if scalpel:
            outputs[scalpel_name] = os.path.join(out_dir, scalpel_name + "_" + f)
            commands[scalpel_name] = ["bash", "-c", "exec " + scalpel.format(**{"in": src, "out": outputs[scalpel_name]})]
        runs = {t: [] for t in commands}
        for _ in range(repeat):
            for t, cmd in commands.items():
                runs[t].append(timed(cmd, env))
        for t in commands:
            walls = sorted(r[1] for r in runs[t])
            failed = [r for r in runs[t] if r[0]]
            rc = failed[0][0] if failed else 0
            row[t] = {"rc": rc, "s": round(walls[len(walls) // 2], 3), "s_min": round(walls[0], 3),
                      "rss_mb": round(max(r[2] for r in runs[t])), "nodes": None if failed else nodes(outputs[t])}
            if failed:
                row[t]["err"] = failed[0][3]
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


if __name__ == "__main__":
    main()
