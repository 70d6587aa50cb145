/**
 * Operator schemas, shape inference, evaluation kernels and lint rules.
 *
 * <p>NOTE: the schema resource's own protobuf classes ({@code dev.scalpel.opset.proto}) and the
 * per-operator kernels and inference rules are not exported; callers go through the registries.
 */
module dev.scalpel.opset {
  requires transitive dev.scalpel.graph;
  requires com.google.protobuf;

  exports dev.scalpel.opset;
  exports dev.scalpel.opset.eval;
  exports dev.scalpel.opset.infer;
  exports dev.scalpel.opset.lint;
  exports dev.scalpel.opset.lint.trt;
  exports dev.scalpel.opset.quant;

  // NOTE: protobuf's generated messages reach their own fields by reflection (the schema resource
  // is read with TextFormat); opened to protobuf only, which gives no other module access.
  opens dev.scalpel.opset.proto to com.google.protobuf;
}
