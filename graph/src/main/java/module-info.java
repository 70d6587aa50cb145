/**
 * The graph IR and ONNX reading and writing.
 *
 * <p>NOTE: the generated ONNX protobuf classes ({@code dev.scalpel.graph.io.proto}) are not
 * exported: protobuf stays behind {@code OnnxReader} and {@code OnnxWriter}, and javac rejects a
 * use of them from any other module.
 */
module dev.scalpel.graph {
  requires com.google.protobuf;
  // GraphView hands out org.jgrapht.Graph views.
  requires transitive org.jgrapht.core;

  exports dev.scalpel.graph;
  exports dev.scalpel.graph.build;
  exports dev.scalpel.graph.io;
  exports dev.scalpel.graph.tensor;
  exports dev.scalpel.graph.traverse;

  // NOTE: protobuf's generated messages reach their own fields by reflection (GeneratedMessage's
  // field accessors, TextFormat); opened to protobuf only, which gives no other module access.
  opens dev.scalpel.graph.io.proto to com.google.protobuf;
}
