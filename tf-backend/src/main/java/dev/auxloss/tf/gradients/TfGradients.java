package dev.auxloss.tf.gradients;

import static org.tensorflow.internal.c_api.global.tensorflow.TFJ_HasGradient;
import static org.tensorflow.internal.c_api.global.tensorflow.TFJ_RegisterCustomGradient;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;

/**
 * The custom-gradient registry: gradients, written in Java, for the ops TF's C++ gradient registry
 * lacks, behind one native callback.
 *
 * <p>Call {@link #registerAll()} once before the first {@code Graph.addGradients} (the graph
 * builder, the trainer and {@code LossHarness} do). Plugins that need a gradient for another op
 * type call {@link #register(String, OpGradient)} instead of {@code
 * TensorFlow.registerCustomGradient}: the latter spends one of the process's 10 callback slots per
 * call, and the 11th crashes the JVM (see the package documentation).
 *
 * <p>Registered by {@link #registerAll()} (all missing from TF 2.18's C++ registry, math after TF
 * Python's gradient functions):
 *
 * <table>
 *   <caption>built-in gradients</caption>
 *   <tr><th>op type</th><th>gradient</th></tr>
 *   <tr><td>SparseSoftmaxCrossEntropyWithLogits</td><td>{@code SparseSoftmaxCrossEntropyGrad}</td></tr>
 *   <tr><td>ResourceGather</td><td>{@code ResourceGatherGrad} (dense, to the resource handle)</td></tr>
 *   <tr><td>TopKV2</td><td>{@code TopKGrad}</td></tr>
 *   <tr><td>Xlogy, Xdivy</td><td>{@code XlogyGrad}, {@code XdivyGrad}</td></tr>
 *   <tr><td>Erfc</td><td>{@code ErfcGrad}</td></tr>
 *   <tr><td>Round</td><td>{@code RoundGrad} (zeros)</td></tr>
 *   <tr><td>EnsureShape, IdentityN</td><td>{@code EnsureShapeGrad}, {@code IdentityNGrad}</td></tr>
 *   <tr><td>Cumprod</td><td>{@code CumprodGrad}</td></tr>
 *   <tr><td>TensorScatterUpdate, TensorScatterAdd, TensorScatterSub</td>
 *       <td>{@code TensorScatterUpdateGrad}, {@code TensorScatterAddGrad}</td></tr>
 *   <tr><td>Conv3D</td><td>{@code Conv3DGrad}</td></tr>
 *   <tr><td>NthElement</td><td>{@code NthElementGrad}</td></tr>
 * </table>
 *
 * <p>Thread safety: every method is safe to call from any thread. TF's native registry is a plain
 * map, so register before graphs are differentiated on other threads, not while they are.
 */
public final class TfGradients {
  private static final Logger LOG = LoggerFactory.getLogger(TfGradients.class);

  /** Op type to gradient, read by the dispatcher on the gradient builder's thread. */
  private static final Map<String, OpGradient> GRADIENTS = new ConcurrentHashMap<>();

  /** Op types whose native registry entry points at {@link #adapter}. */
  private static final Set<String> INSTALLED = ConcurrentHashMap.newKeySet();

  private static final GradientDispatcher DISPATCHER = new GradientDispatcher(GRADIENTS);

  /** The one native callback; static so it lives as long as native code may call it. */
  private static SingleSlotAdapter adapter;

  private static boolean builtInsRegistered;

  private TfGradients() {}

  /**
   * Registers every built-in custom gradient once per JVM; safe to call repeatedly and from several
   * threads. Op types that already have a gradient (TF's own, or one registered elsewhere) are left
   * alone: TF does not allow overriding them.
   */
  public static synchronized void registerAll() {
    if (builtInsRegistered) {
      return;
    }
    for (Map.Entry<String, OpGradient> e : builtIns().entrySet()) {
      install(e.getKey(), e.getValue());
    }
    builtInsRegistered = true;
    LOG.debug("custom gradients registered for {}", registeredOpTypes());
  }

  /**
   * Registers a gradient for {@code opType} on the shared callback (costs no callback slot).
   *
   * @return true if registered; false if {@code opType} already has a gradient (TF's own, an
   *     earlier registration here, or one made with {@code TensorFlow.registerCustomGradient}) —
   *     the existing one stays in force
   */
  public static synchronized boolean register(String opType, OpGradient gradient) {
    if (opType == null || opType.isEmpty()) {
      throw new IllegalArgumentException("op type must not be empty");
    }
    if (gradient == null) {
      throw new IllegalArgumentException("gradient must not be null");
    }
    return install(opType, gradient);
  }

  /** Whether TF's gradient registry has a gradient for {@code opType} (C++ built-in or custom). */
  public static synchronized boolean hasGradient(String opType) {
    loadNative();
    return TFJ_HasGradient(opType);
  }

  /** The op types whose gradient is provided by this registry, sorted. */
  public static Set<String> registeredOpTypes() {
    return Collections.unmodifiableSet(new TreeSet<>(INSTALLED));
  }

  /**
   * True for what {@code Graph.addGradients} returns for an input that received no gradient at all
   * (TF's {@code NoGradient}: an output with index -1 on a null op). Such an output must not be
   * used as a tensor.
   */
  public static boolean isNoGradient(Output<?> gradient) {
    return gradient == null || gradient.index() < 0;
  }

  /**
   * The latest gradient that failed to build in this process (which op, why), if any. A failure
   * surfaces from {@code Graph.addGradients} only as TF's "Invalid gradient output index" error;
   * this tells which gradient caused it. Also logged at ERROR level.
   */
  public static Optional<String> lastFailure() {
    return Optional.ofNullable(DISPATCHER.lastFailure());
  }

  /** The built-in gradients, in registration order. */
  static Map<String, OpGradient> builtIns() {
    Map<String, OpGradient> m = new LinkedHashMap<>();
    m.put("SparseSoftmaxCrossEntropyWithLogits", new SparseSoftmaxCrossEntropyGrad());
    m.put("ResourceGather", new ResourceGatherGrad());
    m.put("TopKV2", new TopKGrad());
    m.put("Xlogy", new XlogyGrad());
    m.put("Xdivy", new XdivyGrad());
    m.put("Erfc", new ErfcGrad());
    m.put("Round", new RoundGrad());
    m.put("EnsureShape", new EnsureShapeGrad());
    m.put("IdentityN", new IdentityNGrad());
    m.put("Cumprod", new CumprodGrad());
    m.put("TensorScatterUpdate", new TensorScatterUpdateGrad());
    m.put("TensorScatterAdd", new TensorScatterAddGrad(false));
    m.put("TensorScatterSub", new TensorScatterAddGrad(true));
    m.put("Conv3D", new Conv3DGrad());
    m.put("NthElement", new NthElementGrad());
    return m;
  }

  /**
   * Replaces the Java gradient of an op type this registry already serves and returns the previous
   * one; for tests that need a failing gradient on a real op. Costs no native registration.
   */
  static synchronized OpGradient swapForTest(String opType, OpGradient gradient) {
    if (!INSTALLED.contains(opType)) {
      throw new IllegalArgumentException(opType + " is not served by this registry");
    }
    return GRADIENTS.put(opType, gradient);
  }

  /** Caller holds the class lock. */
  private static boolean install(String opType, OpGradient gradient) {
    if (INSTALLED.contains(opType)) {
      return false;
    }
    if (hasGradient(opType)) {
      LOG.debug("op type {} already has a gradient; keeping it", opType);
      return false;
    }
    GRADIENTS.put(opType, gradient); // visible to the dispatcher before native code can call it
    if (!TFJ_RegisterCustomGradient(opType, adapter())) {
      GRADIENTS.remove(opType);
      LOG.warn("TF refused a gradient for op type {}", opType);
      return false;
    }
    INSTALLED.add(opType);
    return true;
  }

  /** Caller holds the class lock. */
  private static SingleSlotAdapter adapter() {
    if (adapter == null) {
      loadNative();
      adapter = SingleSlotAdapter.create(DISPATCHER);
    }
    return adapter;
  }

  /** TF Java loads (and sets up) the native runtime in TensorFlow's static initializer. */
  private static void loadNative() {
    TensorFlow.version();
  }
}
