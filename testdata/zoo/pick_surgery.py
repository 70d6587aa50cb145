#!/usr/bin/env python3
"""Reads `scalpel inspect MODEL --show nodes,io --json` on stdin and prints, one per line as
NAME=VALUE (shell-quoted), the tensors and nodes toolbox_sweep.sh operates on:

  CUT_INPUTS   a closed cut for `extract --inputs`: every computed tensor (a graph input or
               computed from one) produced up to the first main-graph node that computes a float
               tensor, that the cone of CUT_OUTPUT reads (subgraph bodies' reads of outer
               tensors count for their If/Loop/Scan node); constants (Constant outputs,
               initializers, what nodes compute from them alone) are not cut: the extract pulls
               them in
  CUT_OUTPUT   the computed float output of the node halfway through those that compute one
               (with a single such node: its output, cut from that node's inputs)
  INSERT_AFTER CUT_OUTPUT (for `edit insert --after`)
  REMOVE_NODE  a node `edit remove` can bypass: the first Identity, else the first unary
               elementwise node whose output type is its input's ('' when there is none)
  RENAME_NODE  the node that produces CUT_OUTPUT
"""
import json
import shlex
import sys

UNARY = {"Identity", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "HardSigmoid", "HardSwish", "Gelu", "Erf",
         "Neg", "Abs", "Elu", "Selu", "Softplus", "Dropout", "Sqrt", "Reciprocal", "Not", "Floor", "Ceil"}


def main():
    doc = json.load(sys.stdin)[0]
    nodes = doc["nodes"]
    graph_inputs = [v["name"] for v in doc["io"]["inputs"]]
    produced = {}  # tensor -> index of the main-graph node producing it (or -1 for graph inputs)
    constant = set()
    main = []  # (index in main list, node, reads incl. captured)
    for g in graph_inputs:
        produced[g] = -1
    current = None
    for n in nodes:
        if n["depth"] == 0:
            current = {"node": n, "reads": [i["name"] for i in n["inputs"] if i["name"]]}
            idx = len(main)
            main.append(current)
            for o in n["outputs"]:
                if o["name"]:
                    produced[o["name"]] = idx
                    if n["op"] == "Constant":
                        constant.add(o["name"])
        elif current is not None:
            # a body's node: its reads of outer tensors are reads of the enclosing node
            current["reads"].extend(i["name"] for i in n["inputs"] if i["name"])
    # outer tensors only (a body's own values are not produced in the main graph)
    for m in main:
        m["reads"] = [r for r in m["reads"] if r in produced]
    # computed: graph inputs and what nodes compute from them; the rest is constant
    computed = set(graph_inputs)
    for m in main:
        if any(r in computed for r in m["reads"]):
            computed.update(o["name"] for o in m["node"]["outputs"] if o["name"])
    constant.update(t for t in produced if t not in computed)

    def is_float(o):
        return o.get("elementType") in ("float32", "float16", "bfloat16", "float64")

    def computes_float(i):
        return any(is_float(o) and o["name"] in computed for o in main[i]["node"]["outputs"])

    work = [i for i in range(len(main)) if computes_float(i)]
    first = work[0] if work else None
    # with one node there is no interior tensor: cut around that node alone
    mid = work[max(1, len(work) // 2)] if len(work) > 1 else first
    out = {}
    if first is not None:
        cut_output = next(o["name"] for o in main[mid]["node"]["outputs"] if is_float(o) and o["name"] in computed)
        boundary = first + 1 if mid != first else first
        cone, stack, inputs = set(), [mid], []
        while stack:
            i = stack.pop()
            if i in cone:
                continue
            cone.add(i)
            for r in main[i]["reads"]:
                p = produced[r]
                if r in constant:
                    continue
                if p < boundary:
                    if r not in inputs:
                        inputs.append(r)
                else:
                    stack.append(p)
        out["CUT_INPUTS"] = ",".join(inputs)
        out["CUT_OUTPUT"] = cut_output
        out["INSERT_AFTER"] = cut_output
        out["RENAME_NODE"] = main[mid]["node"]["name"]
    remove = ""
    for kind in (lambda op: op == "Identity", lambda op: op in UNARY):
        for m in main:
            n = m["node"]
            data = [i for i in n["inputs"] if i["name"] in produced and i["name"] not in constant]
            if kind(n["op"]) and n["name"] and len(n["outputs"]) >= 1 and len(data) >= 1 \
                    and data[0]["type"] == n["outputs"][0]["type"]:
                remove = n["name"]
                break
        if remove:
            break
    out["REMOVE_NODE"] = remove
    for k, v in out.items():
        print(f"{k}={shlex.quote(v)}")


if __name__ == "__main__":
    main()
