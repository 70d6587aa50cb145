package dev.scalpel.opset;

import dev.scalpel.graph.Node;
import java.util.Objects;

/**
 * The identity of an operator: its domain and type name.
 *
 * <p>Invariant: the default ONNX domain is always stored as {@code ""}; {@code "ai.onnx"} is
 * normalised to it on construction, so {@code new OpId("ai.onnx", "Relu")} equals {@code new
 * OpId("", "Relu")}.
 */
public record OpId(String domain, String opType) {
  /** The default ONNX domain as stored here. */
  public static final String ONNX_DOMAIN = "";

  public OpId {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(opType, "opType");
    if (domain.equals("ai.onnx")) {
      domain = ONNX_DOMAIN;
    }
  }

  /** An operator of the default ONNX domain. */
  public static OpId onnx(String opType) {
    return new OpId(ONNX_DOMAIN, opType);
  }

  /** The operator a node applies. */
  public static OpId of(Node node) {
    return new OpId(node.domain(), node.opType());
  }

  /** Whether this is an operator of the default ONNX domain. */
  public boolean isOnnxDomain() {
    return domain.isEmpty();
  }

  /** {@code Relu} for the default domain, {@code ai.onnx.ml.TreeEnsemble} otherwise. */
  @Override
  public String toString() {
    return domain.isEmpty() ? opType : domain + "." + opType;
  }
}
