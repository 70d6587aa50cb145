package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which entries of a {@link ModelListing} to keep: {@code OP|REGEX}, an operator type matched
 * exactly ({@code Conv}) or a regular expression found anywhere in a name ({@code ^layer1\.},
 * {@code attention}). What a name is depends on the entry:
 *
 * <ul>
 *   <li>a node: its op type equals the text, or the pattern is found in its name;
 *   <li>a tensor: the pattern is found in its name, or the op type of its producer equals the text;
 *   <li>a weight: the pattern is found in its name, or the op type of a node that reads it equals
 *       the text ({@code Conv} lists the convolution weights);
 *   <li>a graph input or output: the pattern is found in its name.
 * </ul>
 *
 * {@link #ALL} keeps everything.
 */
public final class ListingFilter {
  /** Keeps every entry. */
  public static final ListingFilter ALL = new ListingFilter(null, null);

  private final String text;
  private final Pattern pattern;

  private ListingFilter(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /**
   * The filter {@code text}.
   *
   * @throws PatternSyntaxException if it is not a valid regular expression
   */
  public static ListingFilter of(String text) {
    Objects.requireNonNull(text, "text");
    return new ListingFilter(text, Pattern.compile(text));
  }

  /** Whether a node is kept. */
  public boolean node(Node n) {
    return pattern == null || n.opType().equals(text) || name(n.name());
  }

  /** Whether a tensor is kept. */
  public boolean tensor(Value v) {
    return pattern == null || name(v.name()) || (v.producer() != null && v.producer().opType().equals(text));
  }

  /** Whether a weight (an initializer) is kept. */
  public boolean weight(Value v) {
    if (pattern == null || name(v.name())) {
      return true;
    }
    for (Usage u : v.uses()) {
      if (u.node().opType().equals(text)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the pattern is found in {@code name} (always, for {@link #ALL}). */
  public boolean name(String name) {
    return pattern == null || pattern.matcher(name).find();
  }

  @Override
  public String toString() {
    return text == null ? "(all)" : text;
  }
}
