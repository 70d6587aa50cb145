package dev.scalpel.opset.lint;

/**
 * The lowest IR version a model may declare for the version of the default ONNX domain it imports,
 * from ONNX's release table: each onnx release introduced an opset together with an IR version.
 */
public final class IrVersionTable {
  // NOTE: {first opset, IR version} pairs, ascending. Opsets 1 to 8 all came with IR 3 (onnx 1.0
  // to 1.3). onnx 1.23.1's proto already names IR 14 for opset 28, but no release table publishes
  // it yet, so opset 28 stays at 13 here: requiring 14 would flag models that released tools write.
  private static final int[][] TABLE = {
    {1, 3}, {9, 4}, {10, 5}, {11, 6}, {12, 7}, {15, 8}, {19, 9}, {21, 10}, {23, 11}, {24, 12}, {25, 13},
  };

  private IrVersionTable() {}

  /** The minimal IR version for default-domain opset {@code opset} (3 for opsets below 1). */
  public static int minimalIrVersion(long opset) {
    int ir = TABLE[0][1];
    for (int[] row : TABLE) {
      if (opset >= row[0]) {
        ir = row[1];
      }
    }
    return ir;
  }
}
