/**
 * Operator schemas of the ONNX domains, type and shape inference ({@code opset.infer}) and Java
 * kernels that evaluate operators on constants ({@code opset.eval}). Depends only on the graph
 * module. Populated by the schema and inference work that builds on the graph IR.
 */
package dev.scalpel.opset;
