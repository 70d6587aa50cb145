package dev.scalpel.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@link DivergenceLocator}: the first divergence if any, how many shared tensors
 * were compared before stopping, and which shared tensors could not be compared.
 *
 * <p>{@code divergence} is null when every compared tensor agreed; {@code failure} is null unless
 * a model could not run with the extra outputs (then nothing was compared).
 */
public record Localization(Divergence divergence, int compared, List<String> uncomparable, String failure) {
  public Localization {
    uncomparable = List.copyOf(uncomparable);
  }

  public Optional<Divergence> first() {
    return Optional.ofNullable(divergence);
  }

  @Override
  public String toString() {
    if (failure != null) {
      return "cannot localize: " + failure;
    }
    return divergence == null
        ? "no divergence in " + compared + " shared tensors"
        : "first divergence (after " + (compared - 1) + " agreeing tensors): " + divergence;
  }
}
