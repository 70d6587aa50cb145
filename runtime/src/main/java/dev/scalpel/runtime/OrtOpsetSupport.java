package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import java.util.Optional;

/**
 * The newest default-domain opset ONNX Runtime loads, and how a model stamped with a newer one can
 * still run: ONNX Runtime 1.26 refuses a model whose ai.onnx opset is above 26 ("Current official
 * support for domain ai.onnx is till opset 26"), even when every operator in it is older. An
 * operator means the same at every opset that resolves to the same schema version, so a model whose
 * every default-domain node resolves at opset 26 to the schema it resolves to at its own opset can
 * be stamped 26 and mean the same; any other is refused, naming the opset and the newer operator.
 */
public final class OrtOpsetSupport {
  private OrtOpsetSupport() {}

  /** The newest ai.onnx opset ONNX Runtime 1.26 loads. */
  public static final long NEWEST_DEFAULT_OPSET = 26;

  /**
   * Stamps {@code model} (a model built to be run, not the user's) with opset {@link
   * #NEWEST_DEFAULT_OPSET} when its default opset is newer and every default-domain node, subgraphs
   * included, keeps its schema there.
   *
   * @throws UnsupportedOperationException "ONNX Runtime does not support opset N (...)" otherwise
   */
  public static void fit(Model model) {
    long opset = model.opsetImports().defaultVersion().orElse(0);
    if (opset <= NEWEST_DEFAULT_OPSET) {
      return;
    }
    SchemaRegistry registry = SchemaRegistry.standard();
    for (Node n : model.graph().allNodes()) {
      if (!n.isDefaultDomain()) {
        continue;
      }
      OpId op = OpId.of(n);
      Optional<OpSchema> own = registry.lookup(op, opset);
      if (own.isEmpty() || own.get().sinceVersion() > NEWEST_DEFAULT_OPSET) {
        throw new UnsupportedOperationException("ONNX Runtime does not support opset " + opset + " ("
            + n.opType() + (own.isEmpty() ? " is not an ONNX operator" : "-" + own.get().sinceVersion() + " is newer")
            + " than the opset " + NEWEST_DEFAULT_OPSET + " of ONNX Runtime " + OrtKnownDeviations.RUNTIME_VERSION + ")");
      }
    }
    model.opsetImports().set("", NEWEST_DEFAULT_OPSET);
  }
}
