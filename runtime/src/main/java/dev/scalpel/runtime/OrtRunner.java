package dev.scalpel.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.OnnxWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ONNX Runtime session for one model, run as often as needed; close it when done (the session
 * is native memory).
 *
 * <p>Sessions run on the CPU with ONNX Runtime's graph optimizations off ({@code NO_OPT}), so that
 * its own rewrites cannot hide or repair ours, and with a fixed number of intra-op threads (1 by
 * default: deterministic reductions and quiet on shared machines). Every failure of ONNX Runtime
 * becomes a {@link ModelNotRunnableException} naming the model's role.
 */
public final class OrtRunner implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelRole role;
  private final double loadMillis;
  private final StagedModel staged;

  /** The outputs of one run, by name in the session's output order, and how long it took. */
  public record RunResult(Map<String, Tensor> outputs, long nanos) {
    public RunResult {
      outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public double millis() {
      return nanos / 1e6;
    }
  }

  private OrtRunner(OrtEnvironment env, OrtSession session, ModelRole role, double loadMillis, StagedModel staged) {
    this.env = env;
    this.session = session;
    this.role = role;
    this.loadMillis = loadMillis;
    this.staged = staged;
  }

  /** Opens a session with one intra-op thread. */
  public static OrtRunner open(ModelSource source, ModelRole role) {
    return open(source, role, 1);
  }

  /**
   * Opens a session: from the file when {@code source} has one (ORT resolves external data next to
   * it and memory-maps it); for an in-memory model that {@link StagedModel#worthStaging} (external
   * tensors, or large), from a {@link StagedModel} that lives as long as the session; else from
   * {@code OnnxWriter.toBytes(model)}.
   *
   * @throws ModelNotRunnableException (stage LOAD) if ONNX Runtime refuses the model
   * @throws java.io.UncheckedIOException if staging the model fails
   */
  public static OrtRunner open(ModelSource source, ModelRole role, int intraOpThreads) {
    Optional<String> crash = OrtCrashGuards.refusal(source.model());
    if (crash.isPresent()) {
      throw new ModelNotRunnableException(role, ModelNotRunnableException.Stage.LOAD, "not handed to ONNX Runtime: "
          + crash.get(), null);
    }
    // NOTE: every ORT error reaches the caller in an exception; its log would only repeat it on stderr.
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "scalpel");
    long start = System.nanoTime();
    StagedModel staged = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
      // NOTE: pre-packing copies every constant MatMul/Conv weight into ONNX Runtime's own
      // (anonymous, unswappable) memory; without it the kernels read the memory-mapped weights, so a
      // session costs pages of the file (shared, reclaimable) instead of a second copy of the weights.
      options.addConfigEntry("session.disable_prepacking", "1");
      OrtSession session;
      if (source.file() != null) {
        session = env.createSession(source.file().toString(), options);
      } else if (StagedModel.worthStaging(source.model())) {
        staged = StagedModel.inTemporaryFolder(source.model());
        session = env.createSession(staged.file().toString(), options);
      } else {
        session = env.createSession(OnnxWriter.toBytes(source.model()), options);
      }
      return new OrtRunner(env, session, role, (System.nanoTime() - start) / 1e6, staged);
    } catch (OrtException e) {
      closeQuietly(staged);
      throw new ModelNotRunnableException(role, ModelNotRunnableException.Stage.LOAD, e.getMessage(), e);
    } catch (IOException e) {
      closeQuietly(staged);
      throw new UncheckedIOException("cannot stage the " + role.label() + " model for ONNX Runtime: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(staged);
      throw e;
    }
  }

  private static void closeQuietly(StagedModel staged) {
    if (staged != null) {
      staged.close();
    }
  }

  public ModelRole role() {
    return role;
  }

  /** Milliseconds spent creating the session. */
  public double loadMillis() {
    return loadMillis;
  }

  public Set<String> inputNames() {
    return session.getInputNames();
  }

  /** Output names in the model's order. */
  public List<String> outputNames() {
    return new ArrayList<>(session.getOutputNames());
  }

  /**
   * Runs the model. Inputs the model does not take are ignored (so one input map can feed models
   * whose signatures differ).
   *
   * @throws ModelNotRunnableException (stage RUN) if ONNX Runtime fails, or an input or output
   *     has an element type the Java API cannot carry
   */
  public RunResult run(Map<String, Tensor> inputs) {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      for (String name : session.getInputNames()) {
        Tensor t = inputs.get(name);
        if (t != null) {
          feeds.put(name, OrtTensors.toOnnx(env, t));
        }
      }
      long start = System.nanoTime();
      try (OrtSession.Result result = session.run(feeds)) {
        long nanos = System.nanoTime() - start;
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
          if (!(e.getValue() instanceof OnnxTensor t)) {
            throw new UnsupportedOperationException("output '" + e.getKey() + "' is a "
                + e.getValue().getType() + ", not a tensor");
          }
          outputs.put(e.getKey(), OrtTensors.fromOnnx(e.getKey(), t));
        }
        return new RunResult(outputs, nanos);
      }
    } catch (OrtException | UnsupportedOperationException e) {
      throw new ModelNotRunnableException(role, ModelNotRunnableException.Stage.RUN, e.getMessage(), e);
    } finally {
      for (OnnxTensor t : feeds.values()) {
        t.close();
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // NOTE: closing releases native memory; a failure here leaves nothing a caller could act on.
    } finally {
      closeQuietly(staged);
    }
  }
}
