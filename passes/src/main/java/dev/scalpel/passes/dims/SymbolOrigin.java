package dev.scalpel.passes.dims;

/**
 * A dim symbol that {@link MakeDynamic} introduced, and the size the model had there before.
 *
 * @param symbol the symbol ({@code batch})
 * @param originalSize the static size it replaced, or null when the dim was already symbolic (a
 *     second run): then no constant can be proven to be it
 */
public record SymbolOrigin(String symbol, Long originalSize) {
  /** Whether {@code value} is the size the model was exported with. */
  boolean isOriginal(long value) {
    return originalSize != null && originalSize == value;
  }
}
