package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares the inputs and outputs two models declare, by name; see {@link SignatureIssue}. */
public final class SignatureComparator {
  private SignatureComparator() {}

  public static List<SignatureIssue> compare(Model original, Model rewritten) {
    return compare(original, rewritten, java.util.Set.of());
  }

  /**
   * Compares the signatures when the user supplies tensors for the inputs named in {@code supplied}:
   * an input only the rewritten model has is then fed from them, and only noted.
   */
  public static List<SignatureIssue> compare(Model original, Model rewritten, java.util.Set<String> supplied) {
    List<SignatureIssue> issues = new ArrayList<>();
    Map<String, InputSpec> origIn = byName(InputSpec.of(original));
    Map<String, InputSpec> rewrIn = byName(InputSpec.of(rewritten));
    for (InputSpec r : rewrIn.values()) {
      InputSpec o = origIn.get(r.name());
      if (o == null && supplied.contains(r.name())) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.INPUT_ONLY_IN_REWRITTEN, r.name(), false,
            "the rewritten model's input '" + r.name() + "', which the original does not have, is fed the tensor given for it"));
      } else if (o == null) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.INPUT_ONLY_IN_REWRITTEN, r.name(), true,
            "the rewritten model needs input '" + r.name() + "', which the original does not have"));
      } else if (elementType(o.type()) != null && elementType(r.type()) != null
          && elementType(o.type()) != elementType(r.type())) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.INPUT_TYPE_DIFFERS, r.name(), true,
            "input '" + r.name() + "' is " + elementType(r.type()).displayName() + " in the rewritten model, "
                + elementType(o.type()).displayName() + " in the original"));
      }
    }
    for (InputSpec o : origIn.values()) {
      if (!rewrIn.containsKey(o.name())) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.INPUT_ONLY_IN_ORIGINAL, o.name(), false,
            "the rewritten model no longer takes input '" + o.name() + "'"));
      }
    }
    List<String> origOut = outputNames(original);
    List<String> rewrOut = outputNames(rewritten);
    for (String o : origOut) {
      if (!rewrOut.contains(o)) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.OUTPUT_ONLY_IN_ORIGINAL, o, true,
            "output '" + o + "' of the original is missing from the rewritten model"));
      }
    }
    for (String r : rewrOut) {
      if (!origOut.contains(r)) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.OUTPUT_ONLY_IN_REWRITTEN, r, false,
            "the rewritten model has an extra output '" + r + "' (not compared)"));
      }
    }
    return issues;
  }

  static List<String> outputNames(Model model) {
    List<String> out = new ArrayList<>();
    for (Value v : model.graph().outputs()) {
      out.add(v.name());
    }
    return out;
  }

  private static Map<String, InputSpec> byName(List<InputSpec> specs) {
    Map<String, InputSpec> m = new LinkedHashMap<>();
    specs.forEach(s -> m.put(s.name(), s));
    return m;
  }

  private static DataType elementType(ValueType t) {
    return t instanceof ValueType.TensorType tt ? tt.elementType() : null;
  }
}
