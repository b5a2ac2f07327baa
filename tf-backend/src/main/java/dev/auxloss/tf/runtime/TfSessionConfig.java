package dev.auxloss.tf.runtime;

import dev.auxloss.api.config.RuntimeSettings;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;

/**
 * The session's {@link ConfigProto} from the runtime settings: thread pools, XLA and GPU memory.
 *
 * <p>XLA is off unless asked for: on this project's 2-core CPUs it made the conv training step 5–9×
 * slower (DESIGN.md). With it on, the whole step is auto-clustered ({@code global_jit_level ON_1});
 * on CPU TF also needs {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit} in the environment.
 */
public final class TfSessionConfig {
  private TfSessionConfig() {}

  public static ConfigProto of(RuntimeSettings r) {
    int cores = Runtime.getRuntime().availableProcessors();
    ConfigProto.Builder b = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(r.intraOpThreads() > 0 ? r.intraOpThreads() : cores)
        .setInterOpParallelismThreads(r.interOpThreads() > 0 ? r.interOpThreads() : Math.min(2, cores))
        .setAllowSoftPlacement(true)
        .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(r.allowGrowth()));
    if (r.xla()) {
      b.setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(
          OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1)));
    }
    return b.build();
  }
}
