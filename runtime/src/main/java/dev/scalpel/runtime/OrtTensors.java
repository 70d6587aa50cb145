package dev.scalpel.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.nio.ByteOrder;

/**
 * Converts between Scalpel {@link Tensor}s and ONNX Runtime {@link OnnxTensor}s.
 *
 * <p>Inputs: the element types ONNX Runtime's Java API can build from a buffer: FLOAT, DOUBLE,
 * FLOAT16, BFLOAT16, INT8, INT16, INT32, INT64, UINT8 and BOOL. Outputs: those, UINT16/32/64 and the
 * four float8 formats (ONNX Runtime hands their bytes back), and STRING (as Java strings, stored
 * UTF-8). The Java API reports 4- and 2-bit integer outputs as of undefined type; {@link
 * WidenedOutputs} reads them. Others give {@link UnsupportedOperationException} naming the type.
 */
final class OrtTensors {
  private OrtTensors() {}

  /** A new OnnxTensor holding a copy of {@code tensor}'s data; the caller closes it. */
  static OnnxTensor toOnnx(OrtEnvironment env, Tensor tensor) throws OrtException {
    OnnxJavaType javaType = javaType(tensor.dataType());
    if (javaType == null) {
      throw new UnsupportedOperationException("ONNX Runtime's Java API cannot take "
          + tensor.dataType().displayName() + " tensors (input '" + tensor.name() + "')");
    }
    ByteBuffer src = tensor.data();
    // NOTE: a direct buffer in native order is used by ORT as is; any other buffer is copied again.
    // Tensor data is little-endian, which is the native order of every platform ORT ships for.
    ByteBuffer direct = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
    direct.put(src).flip();
    return OnnxTensor.createTensor(env, direct, tensor.dims(), javaType);
  }

  /** The data of an ONNX Runtime tensor as a {@link DenseTensor} named {@code name}. */
  static Tensor fromOnnx(String name, OnnxTensor tensor) {
    TensorInfo info = tensor.getInfo();
    DataType type = dataType(info.onnxType);
    if (type == DataType.STRING) {
      return strings(name, tensor, info.getShape());
    }
    if (type == null) {
      throw new UnsupportedOperationException("output '" + name + "' has element type " + info.onnxType
          + ", which the checker cannot read");
    }
    long elements = 1;
    for (long d : info.getShape()) {
      elements = d < 0 || elements > Long.MAX_VALUE / Math.max(1, d) ? Long.MAX_VALUE : elements * d;
    }
    long size = elements > Long.MAX_VALUE / 128 ? Long.MAX_VALUE : type.byteSize(elements);
    if (size > Integer.MAX_VALUE) {
      // NOTE: a Java buffer holds at most 2^31-1 bytes; ONNX Runtime hands a larger output back as
      // an empty one, which failed as an internal error (issue 13). Only a budget raised far past
      // the default lets such a run happen; the check cannot compare it.
      throw new CheckTooLargeException(size, Integer.MAX_VALUE, "output '" + name + "' of "
          + type.displayName() + " " + java.util.Arrays.toString(info.getShape()) + " takes",
          "the largest output the check can compare", "give smaller sizes with --dims, or skip the check");
    }
    ByteBuffer bytes = tensor.getByteBuffer();
    if (bytes == null) {
      throw new UnsupportedOperationException("ONNX Runtime gives no bytes for output '" + name + "' of "
          + type.displayName());
    }
    return DenseTensor.wrap(name, type, info.getShape(), bytes.order(ByteOrder.LITTLE_ENDIAN));
  }

  /** A STRING output: ONNX Runtime hands its elements back as (nested arrays of) Java strings. */
  private static Tensor strings(String name, OnnxTensor tensor, long[] dims) {
    Object value;
    try {
      value = tensor.getValue();
    } catch (OrtException e) {
      throw new UnsupportedOperationException("ONNX Runtime gives no strings for output '" + name + "': "
          + e.getMessage(), e);
    }
    List<byte[]> elements = new ArrayList<>();
    flatten(value, elements);
    return DenseTensor.ofStrings(name, dims, elements);
  }

  private static void flatten(Object value, List<byte[]> out) {
    if (value instanceof String s) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    } else if (value != null && value.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        flatten(Array.get(value, i), out);
      }
    } else {
      throw new UnsupportedOperationException("unexpected string element " + value);
    }
  }

  private static OnnxJavaType javaType(DataType type) {
    switch (type) {
      case FLOAT: return OnnxJavaType.FLOAT;
      case DOUBLE: return OnnxJavaType.DOUBLE;
      case FLOAT16: return OnnxJavaType.FLOAT16;
      case BFLOAT16: return OnnxJavaType.BFLOAT16;
      case INT8: return OnnxJavaType.INT8;
      case INT16: return OnnxJavaType.INT16;
      case INT32: return OnnxJavaType.INT32;
      case INT64: return OnnxJavaType.INT64;
      case UINT8: return OnnxJavaType.UINT8;
      case BOOL: return OnnxJavaType.BOOL;
      default: return null;
    }
  }

  private static DataType dataType(TensorInfo.OnnxTensorType t) {
    switch (t) {
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return DataType.FLOAT;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return DataType.DOUBLE;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return DataType.FLOAT16;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: return DataType.BFLOAT16;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return DataType.INT8;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: return DataType.INT16;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return DataType.INT32;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return DataType.INT64;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return DataType.UINT8;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: return DataType.UINT16;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: return DataType.UINT32;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: return DataType.UINT64;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return DataType.BOOL;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: return DataType.STRING;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E4M3FN: return DataType.FLOAT8E4M3FN;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E4M3FNUZ: return DataType.FLOAT8E4M3FNUZ;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E5M2: return DataType.FLOAT8E5M2;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E5M2FNUZ: return DataType.FLOAT8E5M2FNUZ;
      default: return null;
    }
  }
}
