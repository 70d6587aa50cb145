#!/usr/bin/env python3
"""Exports the fixed-batch models in testdata/models with PyTorch (run: python3 export_fixed_batch.py).

Needs `torch`, `onnx`, `onnxruntime` and `numpy`. Each model is exported at batch 1 the way people
often do it: no dynamic axes and batch-size-specific code such as `x.view(1, -1)`, so the batch is
baked into the graph's constants. `scalpel make-dynamic` is tested on these files
(runtime/src/test/java/dev/scalpel/runtime/dims/FixedBatchExportsTest.java).

Weights come from torch.manual_seed, so re-running with the same PyTorch gives the same files.
The script checks each export against PyTorch with ONNX Runtime and prints the graph's operators.
"""
import sys

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

OPSET = 17


class FixedBatchCnn(nn.Module):
    """Conv → ReLU → MaxPool → Conv → ReLU → x.view(1, -1) → Linear: the flatten hard-codes batch 1."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = x.view(1, -1)
        return self.fc(x)


class FixedBatchTransformerBlock(nn.Module):
    """Pre-norm transformer block; the head split and merge are views with a literal batch of 1."""

    def __init__(self, tokens=8, dim=32, heads=4):
        super().__init__()
        self.tokens, self.dim, self.heads = tokens, dim, heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x):
        t, d, h = self.tokens, self.dim, self.heads
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q = q.view(1, t, h, d // h).transpose(1, 2)
        k = k.view(1, t, h, d // h).transpose(1, 2)
        v = v.view(1, t, h, d // h).transpose(1, 2)
        attn = torch.softmax(q @ k.transpose(-2, -1) / (d // h) ** 0.5, dim=-1)
        y = (attn @ v).transpose(1, 2).reshape(1, t, d)
        x = x + self.proj(y)
        return x + self.mlp(self.norm2(x))


class FixedBatchClsToken(nn.Module):
    """ViT-style: a learned class token expanded to the batch and concatenated before the tokens,
    plus a mask built with ones(1, ...) and repeat: the batch of 1 is in Expand/Tile shapes."""

    def __init__(self, tokens=6, dim=16):
        super().__init__()
        self.cls = nn.Parameter(torch.randn(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, tokens + 1, dim))
        self.fc = nn.Linear(dim, dim)
        self.head = nn.Linear(dim, 5)

    def forward(self, x):
        n = x.shape[0]
        cls = self.cls.expand(n, -1, -1)
        x = torch.cat([cls, self.fc(x)], dim=1) + self.pos
        gate = torch.sigmoid(x[:, :1, :]).repeat(1, x.shape[1], 1)
        return self.head((x * gate).mean(dim=1))


class FixedBatchMergedHeads(nn.Module):
    """Attention whose heads are folded into the batch, as nn.MultiheadAttention does it:
    view(1 * heads, tokens, dim // heads). The batch of 1 is merged into a constant 4 that no rule
    can split, so make-dynamic must refuse this model and name the Reshape."""

    def __init__(self, tokens=5, dim=16, heads=4):
        super().__init__()
        self.tokens, self.dim, self.heads = tokens, dim, heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        t, d, h = self.tokens, self.dim, self.heads
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q, k, v = (z.transpose(0, 1).reshape(t, 1 * h, d // h).transpose(0, 1) for z in (q, k, v))
        attn = torch.softmax(q @ k.transpose(1, 2) / (d // h) ** 0.5, dim=-1)
        y = (attn @ v).transpose(0, 1).reshape(t, 1, d).transpose(0, 1)
        return self.proj(y)


def export(name, model, example):
    model.eval()
    path = f"{name}.onnx"
    kwargs = dict(input_names=["x"], output_names=["y"], opset_version=OPSET, do_constant_folding=True)
    try:
        torch.onnx.export(model, (example,), path, dynamo=False, **kwargs)
    except TypeError:  # PyTorch before the dynamo switch
        torch.onnx.export(model, (example,), path, **kwargs)
    onnx.checker.check_model(onnx.load(path))
    with torch.no_grad():
        expected = model(example).numpy()
    got = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, {"x": example.numpy()})[0]
    m = onnx.load(path)
    print(f"{path}: max |onnx - torch| = {np.abs(got - expected).max():.2e}; "
          f"{len(m.graph.node)} nodes: {' '.join(n.op_type for n in m.graph.node)}")
    for init in m.graph.initializer:
        if init.data_type == onnx.TensorProto.INT64:
            print(f"   int64 {init.name} = {onnx.numpy_helper.to_array(init).tolist()}")
    for n in m.graph.node:
        if n.op_type == "Constant":
            a = onnx.numpy_helper.to_array(n.attribute[0].t)
            if a.dtype == np.int64:
                print(f"   Constant {n.output[0]} = {a.tolist()}")


def main():
    print("torch", torch.__version__, "onnx", onnx.__version__, "onnxruntime", ort.__version__, file=sys.stderr)
    torch.manual_seed(20261121)
    export("fixed_batch_cnn", FixedBatchCnn(), torch.randn(1, 3, 16, 16))
    export("fixed_batch_transformer", FixedBatchTransformerBlock(), torch.randn(1, 8, 32))
    export("fixed_batch_cls_token", FixedBatchClsToken(), torch.randn(1, 6, 16))
    export("fixed_batch_merged_heads", FixedBatchMergedHeads(), torch.randn(1, 5, 16))


if __name__ == "__main__":
    main()
