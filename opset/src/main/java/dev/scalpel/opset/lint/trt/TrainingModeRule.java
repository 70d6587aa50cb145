package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Constants;
import java.util.List;

/**
 * Training-mode leftovers the parser refuses (reference A.4/A.8): BatchNormalization with
 * training_mode=1 or its running statistics used; Dropout whose training_mode is a constant true;
 * LayerNormalization with its Mean or InvStdDev outputs used.
 */
final class TrainingModeRule implements TrtRule {
  @Override
  public String id() {
    return "trt-training-mode";
  }

  @Override
  public String description() {
    return "no training-mode BatchNormalization, Dropout or LayerNormalization statistics";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Node node : model.graph().allNodes()) {
      if (NodeInputs.is(node, "BatchNormalization")
          && (node.intAttribute("training_mode", 0) != 0 || NodeInputs.outputUsed(node, 1) || NodeInputs.outputUsed(node, 2))) {
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", "BatchNormalization in training mode "
            + "(training_mode=1 or running statistics used); the parser imports inference BatchNormalization only",
            "export in eval mode"));
      }
      if (NodeInputs.is(node, "Dropout")) {
        boolean training = Constants.stored(NodeInputs.at(node, 2)).map(t -> t.elementCount() > 0 && t.data().get(t.data().position()) != 0).orElse(false);
        if (training) {
          out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", "Dropout with training_mode true",
              "export in eval mode, or remove the Dropout"));
        }
      }
      if (NodeInputs.is(node, "LayerNormalization") && (NodeInputs.outputUsed(node, 1) || NodeInputs.outputUsed(node, 2))) {
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", "LayerNormalization's Mean/InvStdDev "
            + "outputs are used; the parser produces only Y", "compute the statistics with ReduceMean"));
      }
    }
  }
}
