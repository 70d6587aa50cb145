"""Exports the deployment zoo: small, random-weight models of the families people push to TensorRT.

Run on a machine with torch, torchvision, transformers, onnx, onnxruntime (the `device` machine):

    python3 export_zoo.py OUT_DIR            # the small zoo (every file a few MB)
    python3 export_zoo.py OUT_DIR --llama    # TinyLlama-sized decoder (4.4 GB external data)
    python3 export_zoo.py OUT_DIR --llama3b  # OpenLLaMA-3B-sized decoder (13.6 GB external data)
    python3 export_zoo.py OUT_DIR --only ssdlite,yolo   # some families of the small zoo

Every model is exported with seeded random weights (nothing is downloaded) and checked once
against PyTorch through ONNX Runtime. A family that fails to export is reported and skipped, so
one exporter regression does not hide the rest. `zoo.json` in OUT_DIR lists what was made, with
each model's dynamic dims and the values at which it was checked.
"""
import json
import os
import sys
import traceback

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
OUT = sys.argv[1] if len(sys.argv) > 1 else "zoo"
os.makedirs(OUT, exist_ok=True)
MANIFEST = []


def export(name, model, args, input_names, output_names, dynamic_axes=None, opset=17,
           dynamo=False, check=True):
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    with torch.no_grad():
        torch.onnx.export(model, args, path, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=opset, dynamo=dynamo,
                          do_constant_folding=False)
    m = onnx.load(path)
    if dynamo and os.path.exists(path + ".data"):
        # NOTE: the dynamo exporter writes weights to PATH.data; small models travel better inline.
        onnx.save(m, path)
        os.remove(path + ".data")
    entry = {"name": name, "nodes": len(m.graph.node), "opset": opset, "dynamo": dynamo,
             "bytes": os.path.getsize(path), "dynamic": dynamic_axes or {}}
    if check:
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        feeds = {n: a.detach().cpu().numpy() for n, a in zip(input_names, args)}
        got = sess.run(None, feeds)
        with torch.no_grad():
            ref = model(*args)
        ref = ref if isinstance(ref, (tuple, list)) else (ref,)
        flat = []
        for r in ref:
            if isinstance(r, (tuple, list)):
                flat.extend(r)
            elif torch.is_tensor(r):
                flat.append(r)
        err = max(float(np.max(np.abs(g.astype(np.float64) - r.detach().cpu().float().numpy())))
                  for g, r in zip(got, flat) if g.size)
        entry["max_err_vs_torch"] = err
    MANIFEST.append(entry)
    print("exported", name, entry, flush=True)


def attempt(fn):
    try:
        fn()
    except Exception:  # noqa: BLE001 - one family failing must not stop the others
        print("FAILED", fn.__name__, flush=True)
        traceback.print_exc()
        MANIFEST.append({"name": fn.__name__, "failed": traceback.format_exc(limit=2)[-400:]})


# ---------------------------------------------------------------- YOLOv8-style detector
def conv_bn(c1, c2, k=1, s=1):
    return nn.Sequential(nn.Conv2d(c1, c2, k, s, k // 2, bias=False), nn.BatchNorm2d(c2), nn.SiLU())


class C2f(nn.Module):
    def __init__(self, c1, c2, n=1):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = conv_bn(c1, 2 * self.c)
        self.cv2 = conv_bn((2 + n) * self.c, c2)
        self.m = nn.ModuleList(nn.Sequential(conv_bn(self.c, self.c, 3), conv_bn(self.c, self.c, 3))
                               for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(y[-1] + m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        self.cv1 = conv_bn(c1, c1 // 2)
        self.cv2 = conv_bn(c1 * 2, c2)
        self.m = nn.MaxPool2d(5, 1, 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat([x, y1, y2, self.m(y2)], 1))


class YoloV8Tiny(nn.Module):
    """Backbone P3-P5, PAN neck with nearest upsampling + Concat, decoupled head with DFL."""

    def __init__(self, nc=4, reg_max=8):
        super().__init__()
        self.nc, self.reg_max = nc, reg_max
        self.stem = nn.Sequential(conv_bn(3, 8, 3, 2), conv_bn(8, 16, 3, 2), C2f(16, 16))
        self.p3 = nn.Sequential(conv_bn(16, 32, 3, 2), C2f(32, 32))
        self.p4 = nn.Sequential(conv_bn(32, 64, 3, 2), C2f(64, 64))
        self.p5 = nn.Sequential(conv_bn(64, 64, 3, 2), C2f(64, 64), SPPF(64, 64))
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.n4 = C2f(128, 64)
        self.n3 = C2f(96, 32)
        self.d3 = conv_bn(32, 32, 3, 2)
        self.n4b = C2f(96, 64)
        self.d4 = conv_bn(64, 64, 3, 2)
        self.n5 = C2f(128, 64)
        self.box = nn.ModuleList(nn.Sequential(conv_bn(c, 16, 3), nn.Conv2d(16, 4 * reg_max, 1))
                                 for c in (32, 64, 64))
        self.cls = nn.ModuleList(nn.Sequential(conv_bn(c, 16, 3), nn.Conv2d(16, nc, 1))
                                 for c in (32, 64, 64))
        self.register_buffer("proj", torch.arange(reg_max, dtype=torch.float32))

    def forward(self, x):
        x = self.stem(x)
        p3 = self.p3(x)
        p4 = self.p4(p3)
        p5 = self.p5(p4)
        h4 = self.n4(torch.cat([self.up(p5), p4], 1))
        h3 = self.n3(torch.cat([self.up(h4), p3], 1))
        h4 = self.n4b(torch.cat([self.d3(h3), h4], 1))
        h5 = self.n5(torch.cat([self.d4(h4), p5], 1))
        outs = []
        for i, f in enumerate((h3, h4, h5)):
            b = self.box[i](f)
            c = self.cls[i](f)
            n = f.shape[0]
            outs.append(torch.cat([b, c], 1).view(n, 4 * self.reg_max + self.nc, -1))
        y = torch.cat(outs, 2)
        box, cls = y.split((4 * self.reg_max, self.nc), 1)
        n, _, a = box.shape
        dist = box.view(n, 4, self.reg_max, a).transpose(2, 1).softmax(1)
        dist = (dist * self.proj.view(1, -1, 1, 1)).sum(1)
        return torch.cat([dist, cls.sigmoid()], 1)


def yolo():
    m = YoloV8Tiny()
    x = torch.rand(1, 3, 64, 96)
    export("yolo_dyn", m, (x,), ["images"], ["output0"],
           {"images": {0: "batch", 2: "height", 3: "width"}, "output0": {0: "batch", 2: "anchors"}})
    export("yolo_static", m, (torch.rand(1, 3, 64, 64),), ["images"], ["output0"])


# ---------------------------------------------------------------- UNet
class UNetTiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.e1 = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.e2 = nn.Sequential(nn.Conv2d(8, 16, 3, 2, 1), nn.BatchNorm2d(16), nn.ReLU())
        self.e3 = nn.Sequential(nn.Conv2d(16, 32, 3, 2, 1), nn.BatchNorm2d(32), nn.ReLU())
        self.u2 = nn.Sequential(nn.ConvTranspose2d(32, 16, 2, 2), nn.BatchNorm2d(16), nn.ReLU())
        self.u1 = nn.Sequential(nn.ConvTranspose2d(32, 8, 2, 2), nn.BatchNorm2d(8), nn.ReLU())
        self.head = nn.Conv2d(16, 2, 1)

    def forward(self, x):
        a = self.e1(x)
        b = self.e2(a)
        c = self.e3(b)
        u = self.u2(c)
        u = F.interpolate(u, size=b.shape[2:], mode="bilinear", align_corners=False)
        u = self.u1(torch.cat([u, b], 1))
        u = F.interpolate(u, size=a.shape[2:], mode="bilinear", align_corners=False)
        return self.head(torch.cat([u, a], 1))


def unet():
    m = UNetTiny()
    for mod in m.modules():  # non-trivial BN statistics, so fusion is visible in the numbers
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.5, 0.5)
            mod.running_var.uniform_(0.5, 2.0)
    export("unet_dyn", m, (torch.rand(1, 3, 37, 45),), ["image"], ["mask"],
           {"image": {0: "batch", 2: "h", 3: "w"}, "mask": {0: "batch", 2: "h", 3: "w"}})


# ---------------------------------------------------------------- Swin
def swin():
    from torchvision.models.swin_transformer import SwinTransformer
    m = SwinTransformer(patch_size=[4, 4], embed_dim=32, depths=[2, 2, 2, 2], num_heads=[2, 4, 8, 8],
                        window_size=[7, 7], num_classes=10)
    export("swin_tiny", m, (torch.rand(1, 3, 224, 224),), ["image"], ["logits"],
           {"image": {0: "batch"}, "logits": {0: "batch"}})


# ---------------------------------------------------------------- SSDlite
def ssdlite():
    from torchvision.models.detection import ssdlite320_mobilenet_v3_large
    m = ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=5)
    m.eval()
    export("ssdlite320", m, ([torch.rand(3, 320, 320)],), ["images"], ["boxes", "scores", "labels"],
           opset=11, check=False)


class LogitsOnly(nn.Module):
    """A causal LM called on token ids alone, returning its logits (no cache)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, ids):
        # NOTE: an explicit mask keeps transformers off its packed-sequence detection, which
        # uses aten::diff (no TorchScript-exporter symbolic at opset 17).
        return self.inner(input_ids=ids, attention_mask=torch.ones_like(ids), use_cache=False).logits


class LastHidden(nn.Module):
    """An encoder called positionally, returning its last hidden state."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, *args):
        return self.inner(*args).last_hidden_state


# ---------------------------------------------------------------- transformers families
def llama_small():
    from transformers import LlamaConfig, LlamaForCausalLM
    cfg = LlamaConfig(hidden_size=64, intermediate_size=172, num_hidden_layers=2, num_attention_heads=4,
                      num_key_value_heads=2, vocab_size=256, max_position_embeddings=128, use_cache=False)
    m = LlamaForCausalLM(cfg)

    ids = torch.randint(0, 256, (1, 12))
    try:
        export("llama_small_legacy", LogitsOnly(m), (ids,), ["input_ids"], ["logits"],
               {"input_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}})
    except Exception:  # noqa: BLE001
        traceback.print_exc()
    try:
        export("llama_small_dynamo", LogitsOnly(m), (ids,), ["input_ids"], ["logits"],
               {"input_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}, opset=18,
               dynamo=True)
    except Exception:  # noqa: BLE001
        traceback.print_exc()


def llama_kv():
    """Llama decoder step with an explicit KV cache as inputs (past length dynamic)."""
    from transformers import LlamaConfig, LlamaForCausalLM
    from transformers.cache_utils import DynamicCache
    cfg = LlamaConfig(hidden_size=64, intermediate_size=172, num_hidden_layers=2, num_attention_heads=4,
                      num_key_value_heads=2, vocab_size=256, max_position_embeddings=128)
    m = LlamaForCausalLM(cfg)

    class Step(nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, ids, k0, v0, k1, v1):
            cache = DynamicCache()
            cache.update(k0, v0, 0)
            cache.update(k1, v1, 1)
            out = self.inner(input_ids=ids, past_key_values=cache, use_cache=True)
            kv = out.past_key_values
            layers = getattr(kv, "layers", None)
            if layers is not None:
                ks = [l.keys for l in layers]
                vs = [l.values for l in layers]
            else:
                ks, vs = kv.key_cache, kv.value_cache
            return out.logits, ks[0], vs[0], ks[1], vs[1]

    past = [torch.rand(1, 2, 5, 16) for _ in range(4)]
    names = ["past_k0", "past_v0", "past_k1", "past_v1"]
    dyn = {"input_ids": {0: "batch", 1: "seq"}}
    dyn.update({n: {0: "batch", 2: "past"} for n in names})
    export("llama_kv", Step(m), (torch.randint(0, 256, (1, 3)), *past), ["input_ids"] + names,
           ["logits", "k0", "v0", "k1", "v1"], dyn)


def whisper():
    from transformers import WhisperConfig
    from transformers.models.whisper.modeling_whisper import WhisperEncoder
    cfg = WhisperConfig(d_model=64, encoder_layers=2, encoder_attention_heads=4, encoder_ffn_dim=128,
                        num_mel_bins=80, max_source_positions=100)
    m = WhisperEncoder(cfg)

    export("whisper_encoder", LastHidden(m), (torch.rand(1, 80, 200),), ["input_features"], ["hidden"],
           {"input_features": {0: "batch"}, "hidden": {0: "batch"}})


def wav2vec2():
    from transformers import Wav2Vec2Config, Wav2Vec2Model
    cfg = Wav2Vec2Config(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128,
                         conv_dim=(32, 32, 32), conv_stride=(5, 2, 2), conv_kernel=(10, 3, 3),
                         num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4,
                         do_stable_layer_norm=True, feat_extract_norm="layer")
    m = Wav2Vec2Model(cfg)

    export("wav2vec2_small", LastHidden(m), (torch.rand(1, 1600),), ["audio"], ["hidden"],
           {"audio": {0: "batch", 1: "samples"}, "hidden": {0: "batch", 1: "frames"}})


def deberta():
    from transformers import DebertaV2Config, DebertaV2Model
    cfg = DebertaV2Config(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128,
                          vocab_size=500, max_position_embeddings=128, relative_attention=True,
                          position_buckets=32, pos_att_type=["p2c", "c2p"], max_relative_positions=64)
    m = DebertaV2Model(cfg)

    class Wrap(nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, ids, mask):
            return self.inner(input_ids=ids, attention_mask=mask).last_hidden_state

    ids = torch.randint(0, 500, (2, 16))
    export("deberta_v2", Wrap(m), (ids, torch.ones_like(ids)), ["input_ids", "attention_mask"], ["hidden"],
           {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
            "hidden": {0: "batch", 1: "seq"}})


# ---------------------------------------------------------------- LSTM, scripted control flow
class LstmClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(300, 32)
        self.lstm = nn.LSTM(32, 24, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(48, 5)

    def forward(self, ids):
        out, _ = self.lstm(self.emb(ids))
        return self.fc(out[:, -1, :])


def lstm():
    export("lstm_classifier", LstmClassifier(), (torch.randint(0, 300, (2, 9)),), ["ids"], ["logits"],
           {"ids": {0: "batch", 1: "seq"}, "logits": {0: "batch"}})


class LoopIf(nn.Module):
    def forward(self, x, n: int):
        y = x
        for i in range(n):
            if bool(y.sum() > 0):
                y = y * 0.5 + torch.tanh(y)
            else:
                y = y - 1.0
        return y


def loop_if():
    m = torch.jit.script(LoopIf())
    export("scripted_loop_if", m, (torch.rand(2, 4), torch.tensor(3)), ["x", "n"], ["y"],
           {"x": {0: "batch"}, "y": {0: "batch"}}, check=False)


# ---------------------------------------------------------------- fp16 and QDQ CNNs
class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.f = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 32, 3, 2, 1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1))
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.f(x), 1))


def fp16_cnn():
    m = SmallCnn().eval()
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.2, 0.2)
            mod.running_var.uniform_(0.5, 1.5)
    m = m.half().cuda()
    export("fp16_cnn", m, (torch.rand(1, 3, 32, 32).half().cuda(),), ["x"], ["y"],
           {"x": {0: "batch"}, "y": {0: "batch"}})


def qdq_cnn():
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    m = SmallCnn().eval()
    export("fp32_cnn_for_qdq", m, (torch.rand(1, 3, 32, 32),), ["x"], ["y"],
           {"x": {0: "batch"}, "y": {0: "batch"}})
    src = os.path.join(OUT, "fp32_cnn_for_qdq.onnx")

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter([{"x": np.random.rand(1, 3, 32, 32).astype(np.float32)} for _ in range(8)])

        def get_next(self):
            return next(self.it, None)

    for per_channel, name in ((True, "qdq_int8_cnn"), (False, "qdq_int8_cnn_per_tensor")):
        dst = os.path.join(OUT, name + ".onnx")
        quantize_static(src, dst, Reader(), quant_format=QuantFormat.QDQ, per_channel=per_channel,
                        activation_type=QuantType.QInt8, weight_type=QuantType.QInt8)
        mm = onnx.load(dst)
        ops = [n.op_type for n in mm.graph.node]
        MANIFEST.append({"name": name, "nodes": len(ops), "dq": ops.count("DequantizeLinear"),
                         "q": ops.count("QuantizeLinear"), "bytes": os.path.getsize(dst)})
        print("quantized", name, MANIFEST[-1], flush=True)


# ---------------------------------------------------------------- the 4.4 GB decoder
def llama_tinyllama_size():
    """TinyLlama's dimensions (hidden 2048, 22 layers, 32 heads, 4 KV heads, vocab 32000), random."""
    llama_large("llama_1b", hidden=2048, inter=5632, layers=22, heads=32, kv=4)


def llama_3b():
    """OpenLLaMA-3B's dimensions (hidden 3200, 26 layers, 32 heads, vocab 32000): 3.4B parameters."""
    llama_large("llama_3b", hidden=3200, inter=8640, layers=26, heads=32, kv=32)


def llama_large(name, hidden, inter, layers, heads, kv):
    from transformers import LlamaConfig, LlamaForCausalLM
    cfg = LlamaConfig(hidden_size=hidden, intermediate_size=inter, num_hidden_layers=layers,
                      num_attention_heads=heads, num_key_value_heads=kv, vocab_size=32000,
                      max_position_embeddings=2048, use_cache=False)
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        m = LlamaForCausalLM(cfg).eval()

    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "llama.onnx")
    with torch.no_grad():
        torch.onnx.export(LogitsOnly(m), (torch.randint(0, 32000, (1, 8), device=m.device),), path, input_names=["input_ids"],
                          output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}})
    # NOTE: the TorchScript exporter writes one external file per tensor above 2 GB; re-save into one
    # data file, then write a manifest (name, type, offset, length) so that the weights can be
    # regenerated elsewhere with random values (norm scales as ones) and only the graph needs to travel.
    mm = onnx.load(path)
    for f in os.listdir(d):
        if f != "llama.onnx":
            os.remove(os.path.join(d, f))
    onnx.save(mm, path, save_as_external_data=True, all_tensors_to_one_file=True,
              location="llama.onnx.data", size_threshold=1024)
    mm = onnx.load(path, load_external_data=False)
    manifest = []
    for t in mm.graph.initializer:
        if t.data_location == onnx.TensorProto.EXTERNAL:
            kv = {e.key: e.value for e in t.external_data}
            manifest.append([t.name, t.data_type, int(kv.get("offset", 0)), int(kv["length"]), list(t.dims)])
    with open(os.path.join(d, "weights_manifest.json"), "w") as f:
        json.dump(manifest, f)
    MANIFEST.append({"name": name, "nodes": len(mm.graph.node),
                     "data_bytes": os.path.getsize(os.path.join(d, "llama.onnx.data"))})
    print(name, MANIFEST[-1], flush=True)

if __name__ == "__main__":
    families = [yolo, unet, swin, ssdlite, llama_small, llama_kv, whisper, wav2vec2, deberta, lstm,
                loop_if, qdq_cnn]
    if torch.cuda.is_available():
        families.append(fp16_cnn)
    if "--llama" in sys.argv:
        families = [llama_tinyllama_size]
    if "--llama3b" in sys.argv:
        families = [llama_3b]
    if "--only" in sys.argv:
        wanted = sys.argv[sys.argv.index("--only") + 1].split(",")
        unknown = [w for w in wanted if w not in {f.__name__ for f in families}]
        if unknown:
            sys.exit("unknown families %s; known: %s" % (unknown, [f.__name__ for f in families]))
        families = [f for f in families if f.__name__ in wanted]
    for fam in families:
        attempt(fam)
    with open(os.path.join(OUT, "zoo.json" if "--llama" not in " ".join(sys.argv) else "llama.json"), "w") as f:
        json.dump(MANIFEST, f, indent=1)
