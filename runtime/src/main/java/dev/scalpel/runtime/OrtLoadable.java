package dev.scalpel.runtime;

import dev.scalpel.graph.Function;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
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
import java.util.Set;

/**
 * Makes a model built to be run (a fold region, never the user's) loadable by ONNX Runtime 1.26,
 * which refuses a model whose ai.onnx opset is above 26 ("Current official support for domain
 * ai.onnx is till opset 26"), even when every operator in it is older, and has no kernel for some
 * operators it knows (Swish-24).
 *
 * <ul>
 *   <li>An operator means the same at every opset that resolves to the same schema version, so a
 *       node whose schema is not newer than 26 is left as it is, unless it is asked to be expanded.
 *   <li>A node of a newer operator, or of one asked to be expanded, whose schema defines it by a
 *       function body (SwiGLU, Swish, ...) is expanded: the body becomes a model-local function in
 *       {@link #EXPANDED_DOMAIN} that the node calls, its omitted attributes given their schema
 *       defaults, provided every node of the body is itself not newer than 26.
 *   <li>Anything else newer is refused with "ONNX Runtime does not support opset N (...)".
 * </ul>
 *
 * Then a model above 26 is stamped 26 (the functions too).
 */
public final class OrtLoadable {
  private OrtLoadable() {}

  /** The newest ai.onnx opset ONNX Runtime 1.26 loads. */
  public static final long NEWEST_DEFAULT_OPSET = 26;

  /** The domain of the model-local functions that stand for expanded operators. */
  public static final String EXPANDED_DOMAIN = "dev.scalpel.expanded";

  /**
   * Makes {@code model} loadable as the class comment says, expanding also the default-domain
   * operators named in {@code expand} (those ONNX Runtime has no kernel for).
   *
   * @throws UnsupportedOperationException "ONNX Runtime does not support opset N (...)" when a node
   *     newer than 26 can be neither kept nor expanded
   */
  public static void fit(Model model, Set<String> expand) {
    long opset = model.opsetImports().defaultVersion().orElse(0);
    if (opset <= NEWEST_DEFAULT_OPSET && expand.isEmpty()) {
      return;
    }
    Map<String, OpSchema> expanded = new HashMap<>();
    List<Function> added = new ArrayList<>();
    expandIn(model.graph().allNodes(), opset, expand, expanded, added);
    // NOTE: a body may call an operator asked to be expanded too (SwiGLU's Swish).
    for (int i = 0; i < added.size(); i++) {
      Function f = added.get(i);
      int before = added.size();
      expandIn(f.body().allNodes(), f.opsetImports().defaultVersion().orElse(NEWEST_DEFAULT_OPSET), expand, expanded,
          added);
      if (added.size() > before || f.body().allNodes().stream().anyMatch(n -> n.domain().equals(EXPANDED_DOMAIN))) {
        f.opsetImports().set(EXPANDED_DOMAIN, 1);
      }
    }
    model.functions().addAll(added);
    if (!added.isEmpty()) {
      model.opsetImports().set(EXPANDED_DOMAIN, 1);
    }
    if (opset > NEWEST_DEFAULT_OPSET) {
      model.opsetImports().set("", NEWEST_DEFAULT_OPSET);
    }
  }

  /**
   * Expands, among {@code nodes} (resolved at {@code opset}), those newer than 26 or asked for;
   * new bodies go to {@code added}, {@code expanded} records each expanded operator's schema.
   */
  private static void expandIn(List<Node> nodes, long opset, Set<String> expand, Map<String, OpSchema> expanded,
      List<Function> added) {
    SchemaRegistry registry = SchemaRegistry.standard();
    for (Node n : nodes) {
      if (!n.isDefaultDomain()) {
        continue;
      }
      OpSchema schema = registry.lookup(OpId.of(n), opset)
          .orElseThrow(() -> refusal(opset, n.opType() + " is not an ONNX operator"));
      boolean newer = schema.sinceVersion() > NEWEST_DEFAULT_OPSET;
      if (!newer && !expand.contains(n.opType())) {
        continue;
      }
      if (!matchesSignature(n, schema)) {
        // NOTE: the schemas of opsets still in development (27, 28) may change after onnx 1.23.1,
        // whose schemas Scalpel has; a body bound to a call of another arity would compute
        // something else than the call means.
        if (!newer) {
          continue;
        }
        throw refusal(opset, schema + " is newer and the node does not match its known signature, so it is");
      }
      // NOTE: the function is named by the operator: an operator resolving to two schemas in one
      // region (two opsets) is not expanded the second time.
      OpSchema previous = expanded.get(n.opType());
      if (previous == null) {
        Optional<Function> fitting = fittingBody(schema, opset);
        if (fitting.isEmpty() && !newer) {
          continue;
        }
        Function body = fitting.orElseThrow(() -> refusal(opset, schema + " is newer"
            + (schema.hasFunction() ? " and its function body uses operators newer" : " and has no function body")));
        body.setDomain(EXPANDED_DOMAIN);
        body.setName(n.opType());
        expanded.put(n.opType(), schema);
        added.add(body);
      } else if (!previous.equals(schema)) {
        if (!newer) {
          continue;
        }
        throw refusal(opset, schema + " is newer and " + previous + " was expanded in its place, so it is");
      }
      for (AttributeSpec spec : schema.attributes().values()) {
        if (n.attribute(spec.name()).isEmpty() && spec.defaultValue().isPresent()) {
          n.setAttribute(spec.defaultValue().get());
        }
      }
      n.setDomain(EXPANDED_DOMAIN);
    }
  }

  /** Whether the node's input and output counts are within the schema's. */
  private static boolean matchesSignature(Node n, OpSchema schema) {
    int inputs = n.inputs().size();
    int outputs = n.outputs().size();
    return inputs >= schema.minInput() && inputs <= schema.maxInput()
        && outputs >= schema.minOutput() && outputs <= schema.maxOutput();
  }

  private static UnsupportedOperationException refusal(long opset, String why) {
    return new UnsupportedOperationException("ONNX Runtime does not support opset " + opset + " (" + why
        + " than the opset " + NEWEST_DEFAULT_OPSET + " of ONNX Runtime " + OrtKnownDeviations.RUNTIME_VERSION + ")");
  }

  /** The schema's function body at {@code opset}, restamped 26, if it has one made of operators not newer than 26. */
  private static Optional<Function> fittingBody(OpSchema schema, long opset) {
    if (!schema.hasFunction()) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = schema.functionBody((int) Math.min(Integer.MAX_VALUE, opset));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    Function body;
    try {
      body = OnnxReader.readFunction(bytes.get());
    } catch (InvalidModelException e) {
      return Optional.empty();
    }
    long bodyOpset = body.opsetImports().defaultVersion().orElse(opset);
    for (Node inner : body.body().allNodes()) {
      if (!inner.isDefaultDomain()) {
        return Optional.empty();
      }
      Optional<OpSchema> s = SchemaRegistry.standard().lookup(OpId.of(inner), bodyOpset);
      if (s.isEmpty() || s.get().sinceVersion() > NEWEST_DEFAULT_OPSET) {
        return Optional.empty();
      }
    }
    body.opsetImports().set("", Math.min(bodyOpset, NEWEST_DEFAULT_OPSET));
    return Optional.of(body);
  }
}
