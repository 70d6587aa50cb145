package dev.scalpel.passes.edit;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.NodeBuilder;
import dev.scalpel.graph.traverse.Downstream;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Inserts a node of any operator after (or before) a tensor of the main graph: the node reads the
 * tensor, and every other reader of it, graph outputs included, reads the node's output
 * ({@link NodeBuilder#insertAfter}, {@link NodeBuilder#insertBefore}). Graph output names are kept.
 *
 * <p>The node may read more than the tensor ({@link Options#inputs()}): other values of the main
 * graph and new initializers, in any order, the tensor at one position or more ({@code Sub(c, x)},
 * {@code Mul(x, x)}). Another value must not be computed from the tensor (the node would feed
 * itself); that is refused before any change.
 *
 * <p>An edit that changes what the model computes on purpose: the outputs computed from the tensor
 * ({@link #changedOutputs}) change, the others keep their values.
 */
public final class InsertNode implements ModelEdit<InsertNode.Result> {
  /** Where the node goes relative to the tensor. */
  public enum Where {
    /** The node reads the tensor; the tensor keeps its name. */
    AFTER,
    /** The node's output takes the tensor's name (a graph input or initializer has no "before"). */
    BEFORE
  }

  /** An input of the new node. */
  public sealed interface Input {
    /** The tensor the node is inserted after or before. */
    record Anchor() implements Input {}

    /** Another value of the main graph (or a graph input or initializer), by name. */
    record Named(String name) implements Input {
      public Named {
        Objects.requireNonNull(name, "name");
      }
    }

    /** A new initializer holding {@code value}, named after the tensor's name (made unique). */
    record Weight(Tensor value) implements Input {
      public Weight {
        Objects.requireNonNull(value, "value");
      }
    }
  }

  /**
   * @param tensor name of a value of the main graph
   * @param opType the operator of the new node
   * @param domain its domain ("" for the default ONNX domain); imported at version 1 if the model
   *     does not import it
   * @param attributes the node's attributes
   * @param inputs the node's inputs in order, with {@link Input.Anchor} (the tensor) at least once;
   *     empty for the tensor alone
   */
  public record Options(String tensor, Where where, String opType, String domain, List<Attribute> attributes,
      List<Input> inputs) {
    public Options {
      Objects.requireNonNull(tensor, "tensor");
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(opType, "opType");
      domain = domain == null ? "" : domain;
      attributes = List.copyOf(attributes);
      inputs = inputs.isEmpty() ? List.of(new Input.Anchor()) : List.copyOf(inputs);
      if (inputs.stream().noneMatch(i -> i instanceof Input.Anchor)) {
        throw new IllegalArgumentException("the inputs of the new " + opType + " must include '" + tensor
            + "', the tensor it is inserted " + where.name().toLowerCase(java.util.Locale.ROOT));
      }
    }

    /** The node reads {@code tensor} alone. */
    public Options(String tensor, Where where, String opType, String domain, List<Attribute> attributes) {
      this(tensor, where, opType, domain, attributes, List.of());
    }

    public static Options after(String tensor, String opType, Attribute... attributes) {
      return new Options(tensor, Where.AFTER, opType, "", List.of(attributes));
    }
  }

  /**
   * @param node the new node's name
   * @param output its output's name
   * @param notes what was inserted where, then what shape inference reported
   */
  public record Result(String node, String output, List<String> notes) {
    public Result {
      notes = List.copyOf(notes);
    }
  }

  private final Options options;

  public InsertNode(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The names of the main graph's outputs computed from the tensor (changed on purpose). */
  public Set<String> changedOutputs(Model model) {
    return Downstream.outputNames(model.graph(), List.of(find(model.graph())));
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    Graph graph = model.graph();
    Value tensor = find(graph);
    List<String> notes = new ArrayList<>();
    List<Value> others = new ArrayList<>();
    for (Input in : options.inputs()) {
      if (in instanceof Input.Named n) {
        others.add(graph.findValue(n.name())
            .orElseThrow(() -> new GraphEditException("no tensor named '" + n.name() + "' in the main graph")));
      }
    }
    NodeBuilder builder = graph.newNode(options.opType()).domain(options.domain()).inputs(others.toArray(Value[]::new));
    options.attributes().forEach(builder::attr);
    Node node;
    try {
      node = options.where() == Where.AFTER ? builder.insertAfter(tensor) : builder.insertBefore(tensor);
    } catch (IllegalArgumentException e) {
      throw new GraphEditException(e.getMessage());
    }
    if (!options.inputs().equals(List.of(new Input.Anchor()))) {
      // NOTE: the builder puts the tensor first and the named values after it; the node's own order
      // (and the new initializers) are set once it is wired, so no reader of the tensor is missed.
      Value anchor = node.input(0);
      List<Value> ordered = new ArrayList<>();
      int named = 0;
      for (Input in : options.inputs()) {
        if (in instanceof Input.Anchor) {
          ordered.add(anchor);
        } else if (in instanceof Input.Named) {
          ordered.add(others.get(named++));
        } else {
          Tensor t = ((Input.Weight) in).value();
          String hint = t.name() == null || t.name().isEmpty() ? node.name() + "_input" : t.name();
          Value w = graph.addInitializer(hint, t);
          notes.add("added initializer '" + w.name() + "' (" + t.dataType() + " " + java.util.Arrays.toString(t.dims()) + ")");
          ordered.add(w);
        }
      }
      node.setInputs(ordered);
    }
    String domain = options.domain().equals("ai.onnx") ? "" : options.domain();
    if (!model.opsetImports().imports(domain)) {
      model.opsetImports().set(domain, 1);
      notes.add("imported domain '" + domain + "' at version 1");
    }
    notes.add("inserted " + node.describe() + " " + options.where().name().toLowerCase(java.util.Locale.ROOT)
        + " '" + options.tensor() + "', output '" + node.output(0).name() + "'");
    notes.addAll(StaleTypes.reinfer(model, node.outputs(), analyses));
    return new Result(node.name(), node.output(0).name(), notes);
  }

  private Value find(Graph graph) {
    return graph.findValue(options.tensor())
        .orElseThrow(() -> new GraphEditException("no tensor named '" + options.tensor() + "' in the main graph"));
  }
}
