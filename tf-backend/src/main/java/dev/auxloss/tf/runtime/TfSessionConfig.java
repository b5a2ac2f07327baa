package dev.auxloss.tf.runtime;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.RuntimeSettings.Toggle;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The session's {@link ConfigProto} from the runtime settings: thread pools, grappler passes, XLA
 * and GPU memory. Settings TF reads from the environment (oneDNN, the CPU allocator, XLA's CPU
 * flag) are {@link TfNativeEnvironment}'s; building a config checks them once and logs what
 * differs.
 *
 * <p>Threads: intra-op = physical cores, inter-op = 2 (measured in benchmarks/SPEED_RESULTS.md;
 * TF's own default is every logical core for both pools, which oversubscribes them). TF creates the
 * intra-op pool once per process, sized by the first session: later sessions share it whatever
 * their config says.
 *
 * <p>XLA is off unless asked for: on this project's 2-core CPUs it made the conv training step 5–9×
 * slower. With it on, the whole step is auto-clustered ({@code global_jit_level ON_1}) and
 * grappler's remapper is off by default: its fused kernels ({@code _FusedConv2D}, {@code
 * _FusedMatMul}) have no XLA implementation and split the step into three clusters instead of one.
 */
public final class TfSessionConfig {
  private TfSessionConfig() {}

  public static ConfigProto of(RuntimeSettings r) {
    TfNativeEnvironment.checkOnce(r);
    ConfigProto.Builder b =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(intraOpThreads(r))
            .setInterOpParallelismThreads(interOpThreads(r))
            .setAllowSoftPlacement(true)
            .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(r.allowGrowth()));
    GraphOptions.Builder g = GraphOptions.newBuilder().setRewriteOptions(rewriter(r));
    if (r.xla()) {
      g.setOptimizerOptions(
          OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1));
    }
    return b.setGraphOptions(g).build();
  }

  /** The intra-op pool: as configured, else the physical cores. */
  public static int intraOpThreads(RuntimeSettings r) {
    return r.intraOpThreads() > 0 ? r.intraOpThreads() : CpuInfo.physicalCores();
  }

  /**
   * The inter-op pool: as configured (-1: inline on the caller's thread), else 2 (1 on one core).
   */
  public static int interOpThreads(RuntimeSettings r) {
    if (r.interOpThreads() != 0) return r.interOpThreads() < 0 ? -1 : r.interOpThreads();
    return Math.min(2, Runtime.getRuntime().availableProcessors());
  }

  static RewriterConfig rewriter(RuntimeSettings r) {
    RewriterConfig.Builder w = RewriterConfig.newBuilder();
    // The remapper's fused ops cannot be XLA-compiled: off by default when XLA is on.
    if (r.remapper() != Toggle.DEFAULT || r.xla())
      w.setRemapping(toggle(r.remapper().isOn(!r.xla())));
    if (r.layoutOptimizer() != Toggle.DEFAULT)
      w.setLayoutOptimizer(toggle(r.layoutOptimizer().isOn(true)));
    if (r.constantFolding() != Toggle.DEFAULT)
      w.setConstantFolding(toggle(r.constantFolding().isOn(true)));
    return w.build();
  }

  private static RewriterConfig.Toggle toggle(boolean on) {
    return on ? RewriterConfig.Toggle.ON : RewriterConfig.Toggle.OFF;
  }
}
