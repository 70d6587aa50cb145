/**
 * Graph passes: each exported package holds passes (or the typed edits and plans they run), which
 * callers compose into pipelines.
 *
 * <p>NOTE: the single rewrite rules ({@code passes.rewrite.rules}) and the shape rewrites they share
 * ({@code passes.shape}) are not exported; they run through the rewrite pass's rule sets.
 */
module dev.scalpel.passes {
  requires transitive dev.scalpel.opset;

  exports dev.scalpel.passes;
  exports dev.scalpel.passes.common;
  exports dev.scalpel.passes.constant;
  exports dev.scalpel.passes.convert;
  exports dev.scalpel.passes.convert.opset;
  exports dev.scalpel.passes.cse;
  exports dev.scalpel.passes.dims;
  exports dev.scalpel.passes.edit;
  exports dev.scalpel.passes.extract;
  exports dev.scalpel.passes.fold;
  exports dev.scalpel.passes.resize;
  exports dev.scalpel.passes.rewrite;
  exports dev.scalpel.passes.trt;
}
