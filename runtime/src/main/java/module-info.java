/** Running models in ONNX Runtime: equivalence checks, checked edits, simplification, input data. */
module dev.scalpel.runtime {
  requires transitive dev.scalpel.passes;
  requires com.microsoft.onnxruntime;
  // StrictJson hands out Jackson's JsonNode trees.
  requires transitive com.fasterxml.jackson.databind;
  // CheckFootprint reads the heap (java.management) and, where the runtime has it, the machine's
  // free memory (com.sun.management in jdk.management, which a jlink'ed JRE may leave out).
  requires java.management;
  requires static jdk.management;

  exports dev.scalpel.runtime;
  exports dev.scalpel.runtime.audit;
  exports dev.scalpel.runtime.convert;
  exports dev.scalpel.runtime.inputs;
  exports dev.scalpel.runtime.simplify;
}
