package dev.scalpel.graph;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep copy of a model's structure. Tensors are immutable and shared; everything that can be
 * edited (graphs, nodes, values, functions, attribute subgraphs) is new.
 */
final class ModelCopier {
  private ModelCopier() {}

  static Model copy(Model src) {
    Model dst = new Model(copyGraph(src.graph(), new IdentityHashMap<>()));
    if (src.hasIrVersion()) {
      dst.setIrVersion(src.irVersion());
    }
    dst.opsetImports().copyFrom(src.opsetImports());
    dst.setProducerName(src.hasProducerName() ? src.producerName() : null);
    dst.setProducerVersion(src.hasProducerVersion() ? src.producerVersion() : null);
    dst.setDomain(src.hasDomain() ? src.domain() : null);
    if (src.hasModelVersion()) {
      dst.setModelVersion(src.modelVersion());
    }
    dst.copyAnnotationsFrom(src);
    for (Function f : src.functions()) {
      dst.functions().add(copyFunction(f));
    }
    return dst;
  }

  static Function copyFunction(Function src) {
    Function dst = new Function(src.domain(), src.name(), copyGraph(src.body(), new IdentityHashMap<>()));
    dst.setOverload(src.hasOverload() ? src.overload() : null);
    dst.attributeNames().addAll(src.attributeNames());
    for (Attribute a : src.attributeDefaults()) {
      dst.attributeDefaults().add(copyAttribute(a, new IdentityHashMap<>()));
    }
    dst.opsetImports().copyFrom(src.opsetImports());
    dst.copyAnnotationsFrom(src);
    return dst;
  }

  /**
   * Copies {@code src}; {@code map} already maps the values of enclosing graphs to their copies
   * and receives this graph's.
   */
  static Graph copyGraph(Graph src, Map<Value, Value> map) {
    Graph dst = new Graph(src.hasName() ? src.name() : null);
    dst.copyAnnotationsFrom(src);

    for (Value v : src.inputs()) {
      dst.addInput(copyOf(v, map));
    }
    for (Value v : src.initializers()) {
      dst.addInitializer(copyOf(v, map), v.initializer().orElseThrow());
    }
    for (Value v : src.sparseInitializers()) {
      dst.addSparseInitializer(copyOf(v, map), v.sparseInitializer().orElseThrow());
    }

    // Two phases: create every node with its outputs first, so that inputs and subgraphs can
    // refer to any value of this graph whatever the node order.
    List<Node> srcNodes = src.nodes();
    List<Node> dstNodes = new ArrayList<>(srcNodes.size());
    for (Node n : srcNodes) {
      List<String> outNames = new ArrayList<>();
      for (Value o : n.outputs()) {
        outNames.add(o.name());
      }
      Node copy = new Node(n.hasDomain() ? n.domain() : null, n.opType(), List.of(), outNames, List.of());
      copy.setName(n.hasName() ? n.name() : null);
      copy.setOverload(n.hasOverload() ? n.overload() : null);
      copy.copyAnnotationsFrom(n);
      for (int i = 0; i < n.outputs().size(); i++) {
        copy.output(i).copyDeclarationFrom(n.output(i));
        map.put(n.output(i), copy.output(i));
      }
      dstNodes.add(copy);
      dst.append(copy);
    }
    for (int k = 0; k < srcNodes.size(); k++) {
      Node n = srcNodes.get(k);
      Node copy = dstNodes.get(k);
      List<Value> ins = new ArrayList<>(n.inputs().size());
      for (Value v : n.inputs()) {
        ins.add(v == null ? null : copyOf(v, map));
      }
      copy.setInputs(ins);
      for (Attribute a : n.attributes().values()) {
        copy.setAttribute(copyAttribute(a, map));
      }
    }

    for (Value v : src.outputs()) {
      dst.addOutput(copyOf(v, map));
    }
    for (Value v : src.valueInfos()) {
      dst.declareValueInfo(copyOf(v, map));
    }
    return dst;
  }

  private static Value copyOf(Value v, Map<Value, Value> map) {
    Value c = map.get(v);
    if (c == null) {
      c = new Value(v.name());
      c.copyDeclarationFrom(v);
      map.put(v, c);
    }
    return c;
  }

  private static Attribute copyAttribute(Attribute a, Map<Value, Value> map) {
    if (a instanceof Attribute.GraphAttr g) {
      return new Attribute.GraphAttr(g.name(), copyGraph(g.value(), map), g.unmodeled());
    }
    if (a instanceof Attribute.GraphsAttr gs) {
      List<Graph> copies = new ArrayList<>();
      for (Graph g : gs.value()) {
        copies.add(copyGraph(g, map));
      }
      return new Attribute.GraphsAttr(gs.name(), copies, gs.unmodeled());
    }
    return a;
  }

}
