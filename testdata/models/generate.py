#!/usr/bin/env python3
"""Generates the small models bundled in testdata/models (run: python3 generate.py).

Needs the Python `onnx` and `numpy` packages (Debian: python3-onnx). Weights come from a seeded
generator, so re-running gives the same files.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(20261121)


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def tiny_cnn():
    """Conv -> BatchNormalization -> Relu -> Identity -> flatten via a Shape/Gather/Unsqueeze/Concat
    chain -> Reshape -> Gemm, with a symbolic batch dim: the clutter an exporter leaves behind."""
    c_out, h, w, classes = 8, 8, 8, 10
    inits = [
        tensor("conv.weight", rng.standard_normal((c_out, 3, 3, 3), dtype=np.float32)),
        tensor("conv.bias", rng.standard_normal(c_out, dtype=np.float32)),
        tensor("bn.scale", rng.uniform(0.5, 1.5, c_out).astype(np.float32)),
        tensor("bn.bias", rng.standard_normal(c_out, dtype=np.float32)),
        tensor("bn.mean", rng.standard_normal(c_out, dtype=np.float32)),
        tensor("bn.var", rng.uniform(0.5, 2.0, c_out).astype(np.float32)),
        tensor("fc.weight", rng.standard_normal((classes, c_out * h * w), dtype=np.float32)),
        tensor("fc.bias", rng.standard_normal(classes, dtype=np.float32)),
        tensor("zero", np.array(0, dtype=np.int64)),
        tensor("axes0", np.array([0], dtype=np.int64)),
        tensor("minus_one", np.array([-1], dtype=np.int64)),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["conv_out"], name="conv",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["conv_out", "bn.scale", "bn.bias", "bn.mean", "bn.var"],
                         ["bn_out"], name="bn", epsilon=1e-5),
        helper.make_node("Relu", ["bn_out"], ["relu_out"], name="relu"),
        helper.make_node("Identity", ["relu_out"], ["features"], name="identity"),
        helper.make_node("Shape", ["features"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "zero"], ["batch"], name="gather", axis=0),
        helper.make_node("Unsqueeze", ["batch", "axes0"], ["batch_1d"], name="unsqueeze"),
        helper.make_node("Concat", ["batch_1d", "minus_one"], ["flat_shape"], name="concat", axis=0),
        helper.make_node("Reshape", ["features", "flat_shape"], ["flat"], name="reshape"),
        helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "tiny_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3, h, w])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", classes])],
        initializer=inits)
    model = helper.make_model(graph, producer_name="scalpel-testdata", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, "tiny_cnn.onnx")


if __name__ == "__main__":
    tiny_cnn()
