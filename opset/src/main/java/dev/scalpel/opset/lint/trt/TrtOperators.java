package dev.scalpel.opset.lint.trt;

import java.util.HashSet;
import java.util.Set;

/**
 * The default-domain operators TensorRT's ONNX parser imports, from {@code docs/operators.md} of
 * onnx-tensorrt 10.1 (reference A.4); 8.6 lacks the operators 10.x added (Hardmax, CastLike, Mish,
 * DeformConv, Gelu). Everything else, and every operator of another domain, falls back to a plugin
 * lookup that fails unless a plugin of that name is registered.
 */
final class TrtOperators {
  private TrtOperators() {}

  private static final Set<String> SUPPORTED_10 = Set.of(
      "Abs", "Neg", "Sign", "Relu", "Add", "Sub", "Mul", "Div", "Mod", "Max", "Min", "Sum", "Mean",
      "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "Cos", "Cosh", "Sin", "Sinh", "Tan", "Tanh",
      "Ceil", "Floor", "Erf", "Exp", "Log", "Reciprocal", "Sqrt", "Round", "Sigmoid", "Softplus",
      "Softsign", "Elu", "Celu", "Selu", "LeakyRelu", "HardSigmoid", "HardSwish", "ThresholdedRelu",
      "ScaledTanh", "ParametricSoftplus", "PRelu", "Pow", "Mish", "And", "Or", "Xor", "Not",
      "ArgMax", "ArgMin", "AveragePool", "MaxPool", "LpPool", "GlobalAveragePool", "GlobalMaxPool",
      "GlobalLpPool", "BatchNormalization", "InstanceNormalization", "GroupNormalization", "LRN",
      "LpNormalization", "MeanVarianceNormalization", "LayerNormalization", "Cast", "CastLike", "Clip",
      "Concat", "Expand", "Flatten", "Gather", "GatherElements", "GatherND", "Identity", "Reshape",
      "Shape", "Size", "Split", "Tile", "Transpose", "Trilu", "Where", "ReverseSequence", "Constant",
      "ConstantOfShape", "Conv", "ConvTranspose", "DeformConv", "CumSum", "DepthToSpace",
      "SpaceToDepth", "DequantizeLinear", "QuantizeLinear", "Dropout", "Einsum", "EyeLike", "Gelu",
      "Gemm", "MatMul", "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "GridSample",
      "GRU", "LSTM", "RNN", "Hardmax", "If", "Loop", "Scan", "IsInf", "IsNaN", "LogSoftmax",
      "Softmax", "NonMaxSuppression", "NonZero", "RoiAlign", "OneHot", "Pad", "RandomNormal",
      "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Range", "ReduceL1", "ReduceL2",
      "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd",
      "ReduceSum", "ReduceSumSquare", "Resize", "Upsample", "Scatter", "ScatterElements", "ScatterND",
      "Shrink", "Slice", "Squeeze", "Unsqueeze", "TopK", "ImageScaler");

  private static final Set<String> ADDED_IN_10 = Set.of("Hardmax", "CastLike", "Mish", "DeformConv", "Gelu");

  /** Listed as not supported ("N") in operators.md 10.1; a plugin is the only way. */
  private static final Set<String> LISTED_UNSUPPORTED = Set.of(
      "AffineGrid", "Bernoulli", "BitShift", "BitwiseAnd", "BitwiseNot", "BitwiseOr", "BitwiseXor",
      "BlackmanWindow", "Col2Im", "CenterCropPad", "Compress", "ConcatFromSequence", "ConvInteger", "DFT",
      "Det", "DynamicQuantizeLinear", "HammingWindow", "HannWindow", "ImageDecoder", "MatMulInteger",
      "MaxRoiPool", "MaxUnpool", "MelWeightMatrix", "Multinomial", "NegativeLogLikelihoodLoss", "Optional",
      "OptionalGetElement", "OptionalHasElement", "QLinearConv", "QLinearMatMul", "RegexFullMatch", "STFT",
      "SequenceAt", "SequenceConstruct", "SequenceEmpty", "SequenceErase", "SequenceInsert",
      "SequenceLength", "SequenceMap", "SoftmaxCrossEntropyLoss", "SplitToSequence", "StringConcat",
      "StringNormalizer", "StringSplit", "TfIdfVectorizer", "Unique");

  static boolean supported(String opType, TrtVersion version) {
    if (!SUPPORTED_10.contains(opType)) {
      return false;
    }
    return version != TrtVersion.V8_6 || !ADDED_IN_10.contains(opType);
  }

  static boolean listedUnsupported(String opType) {
    return LISTED_UNSUPPORTED.contains(opType);
  }

  static boolean addedIn10(String opType) {
    return ADDED_IN_10.contains(opType);
  }

  /** The supported operators of {@code version}, for tests and documentation. */
  static Set<String> all(TrtVersion version) {
    Set<String> out = new HashSet<>(SUPPORTED_10);
    if (version == TrtVersion.V8_6) {
      out.removeAll(ADDED_IN_10);
    }
    return out;
  }
}
