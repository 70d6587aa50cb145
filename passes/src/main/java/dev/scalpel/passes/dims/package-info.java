/**
 * Editing the dims of a model's inputs and what follows from them.
 *
 * <p>{@link dev.scalpel.passes.dims.SetDims} fixes dims, makes them symbolic or renames symbols,
 * clears the shapes that depended on the changed dims ({@link dev.scalpel.passes.dims.StaleShapes})
 * and infers them again, reporting what the graph cannot accept ({@link
 * dev.scalpel.passes.dims.ShapeChecks}). {@link dev.scalpel.passes.dims.MakeDynamic} also rewrites
 * the constants of a model exported at a fixed batch that hard-code it, one {@link
 * dev.scalpel.passes.dims.ConstantRewrite} at a time, each applied only where it is proven, and
 * lists the places where it could prove nothing.
 */
package dev.scalpel.passes.dims;
