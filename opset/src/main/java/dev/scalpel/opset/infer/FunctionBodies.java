package dev.scalpel.opset.infer;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.opset.AttributeSpec;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of an operator defined by a function, instantiated for one call so that inference can
 * run through it: a model-local function whose domain and name (and overload) match the node, or
 * else the function body that the ONNX schema of the operator gives. The body is a copy; its
 * attribute references take the caller's attributes (or the function's defaults), and formal
 * inputs the caller omits are omitted inside too.
 */
final class FunctionBodies {
  private final Model model;
  private final Map<String, Optional<Function>> decodedSchemaBodies = new HashMap<>();

  FunctionBodies(Model model) {
    this.model = model;
  }

  /** A fresh body for {@code node}, if its operator is defined by a function. */
  Optional<Function> instantiate(Node node, Optional<Long> opsetVersion) {
    Optional<Function> local = localFunction(node);
    if (local.isPresent()) {
      return Optional.of(bind(local.get().deepCopy(), node, defaults(local.get())));
    }
    if (opsetVersion.isEmpty()) {
      return Optional.empty();
    }
    OpId op = OpId.of(node);
    if (!SchemaRegistry.standard().knows(op)) {
      return Optional.empty();
    }
    Optional<OpSchema> schema = SchemaRegistry.standard().lookup(op, opsetVersion.get());
    if (schema.isEmpty() || !schema.get().hasFunction()) {
      return Optional.empty();
    }
    Optional<Function> body = schemaBody(schema.get(), opsetVersion.get());
    return body.map(f -> bind(f.deepCopy(), node, defaults(schema.get())));
  }

  private Optional<Function> localFunction(Node node) {
    for (Function f : model.functions()) {
      if (f.domain().equals(node.domain()) && f.name().equals(node.opType())
          && f.overload().equals(node.overload())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private Optional<Function> schemaBody(OpSchema schema, long opsetVersion) {
    int version = (int) Math.min(Integer.MAX_VALUE, opsetVersion);
    return decodedSchemaBodies.computeIfAbsent(schema + "@" + version, k -> {
      Optional<byte[]> bytes = schema.functionBody(version);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(OnnxReader.readFunction(bytes.get()));
      } catch (InvalidModelException e) {
        return Optional.empty();
      }
    });
  }

  private static Map<String, Attribute> defaults(Function f) {
    Map<String, Attribute> out = new HashMap<>();
    for (Attribute a : f.attributeDefaults()) {
      out.put(a.name(), a);
    }
    return out;
  }

  private static Map<String, Attribute> defaults(OpSchema schema) {
    Map<String, Attribute> out = new HashMap<>();
    for (AttributeSpec spec : schema.attributes().values()) {
      spec.defaultValue().ifPresent(d -> out.put(spec.name(), d));
    }
    return out;
  }

  /** Makes {@code body} (a copy) what it is at the call {@code node}. */
  private static Function bind(Function body, Node node, Map<String, Attribute> defaults) {
    for (Node inner : body.body().allNodes()) {
      for (Attribute a : new ArrayList<>(inner.attributes().values())) {
        if (a instanceof Attribute.RefAttr ref) {
          Attribute actual = node.attribute(ref.referencedName()).orElse(defaults.get(ref.referencedName()));
          Optional<Attribute> renamed = actual == null ? Optional.empty() : AttributeRenaming.rename(actual, ref.name());
          if (renamed.isPresent()) {
            inner.setAttribute(renamed.get());
          } else if (actual == null) {
            inner.removeAttribute(ref.name());
          }
        }
      }
    }
    List<Value> formals = body.body().inputs();
    for (int i = 0; i < formals.size(); i++) {
      if (i >= node.inputs().size() || node.input(i) == null) {
        for (Usage u : new ArrayList<>(formals.get(i).uses())) {
          u.node().replaceInput(u.inputIndex(), null);
        }
      }
    }
    return body;
  }
}
