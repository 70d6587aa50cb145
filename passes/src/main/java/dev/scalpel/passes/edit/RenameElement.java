package dev.scalpel.passes.edit;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renames tensors and nodes, in the main graph or any subgraph, in the order given. Changes no
 * value: the model computes the same, under the new names.
 *
 * <p>Every rename is checked before the first one is made: the old name must exist and the new
 * one be free (no other value of the model, or node of that graph, carries it), also among the
 * renames given together.
 */
public final class RenameElement implements ModelEdit<List<String>> {
  /** What is renamed. */
  public enum Kind { TENSOR, NODE }

  /** One rename. */
  public record Rename(Kind kind, String from, String to) {
    public Rename {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  private final List<Rename> renames;

  public RenameElement(List<Rename> renames) {
    this.renames = List.copyOf(renames);
  }

  /** The renames of graph inputs and outputs of {@code model}'s main graph: they change its signature. */
  public List<Rename> interfaceRenames(Model model) {
    List<Rename> out = new ArrayList<>();
    for (Rename r : renames) {
      if (r.kind() == Kind.TENSOR) {
        Optional<Value> v = model.graph().findValue(r.from());
        if (v.isPresent() && (v.get().isGraphInput() || v.get().isGraphOutput())) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** @return one line per rename made */
  @Override
  public List<String> apply(Model model, Analyses analyses) {
    // NOTE: checked on a copy first, so a bad rename late in the list leaves the model unchanged.
    renameAll(model.deepCopy());
    return renameAll(model);
  }

  private List<String> renameAll(Model model) {
    List<String> notes = new ArrayList<>();
    for (Rename r : renames) {
      try {
        if (r.kind() == Kind.TENSOR) {
          Value v = findValue(model, r.from());
          v.graph().rename(v, r.to());
          notes.add("renamed tensor '" + r.from() + "' to '" + r.to() + "'");
        } else {
          Node n = findNode(model, r.from());
          n.graph().rename(n, r.to());
          notes.add("renamed node '" + r.from() + "' to '" + r.to() + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new GraphEditException(e.getMessage());
      }
    }
    return notes;
  }

  private static Value findValue(Model model, String name) {
    return model.findValue(name).orElseThrow(() -> new GraphEditException("no tensor named '" + name + "' in the model"));
  }

  private static Node findNode(Model model, String name) {
    for (Graph g : model.graph().allGraphs()) {
      Optional<Node> n = g.findNode(name);
      if (n.isPresent()) {
        return n.get();
      }
    }
    throw new GraphEditException("no node named '" + name + "' in the model");
  }
}
