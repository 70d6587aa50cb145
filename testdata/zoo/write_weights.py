"""Writes random weights for a graph exported elsewhere, from its weights manifest.

    python3 write_weights.py MODEL_DIR        # reads MODEL_DIR/weights_manifest.json

`export_zoo.py --llama` brings back only the graph (`llama.onnx`, a few hundred KB) and a manifest
of its external tensors: [name, onnx data type, offset, length, dims]. This fills `llama.onnx.data` at
those offsets: rank-1 float tensors (norm scales) with ones, other float
tensors with seeded uniform values in [-0.02, 0.02) (so activations stay finite through 22
layers), integer tensors with zeros. Needs only numpy.
"""
import json
import os
import sys

import numpy as np

FLOAT, FLOAT16, BFLOAT16 = 1, 10, 16


def main():
    d = sys.argv[1]
    manifest = json.load(open(os.path.join(d, "weights_manifest.json")))
    rng = np.random.default_rng(0)
    end = max(e[2] + e[3] for e in manifest)
    path = os.path.join(d, "llama.onnx.data")
    with open(path, "wb") as f:
        f.truncate(end)
        for name, dtype, off, length, dims in manifest:
            f.seek(off)
            if dtype == FLOAT and len(dims) == 1:
                f.write(np.ones(length // 4, np.float32).tobytes())
            elif dtype == FLOAT:
                left = length // 4
                while left:  # in chunks, so memory stays small
                    n = min(left, 1 << 24)
                    f.write(rng.uniform(-0.02, 0.02, n).astype(np.float32).tobytes())
                    left -= n
            elif dtype == FLOAT16:
                f.write(rng.uniform(-0.02, 0.02, length // 2).astype(np.float16).tobytes())
            # other types stay zero (the file was truncated to its full size)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
