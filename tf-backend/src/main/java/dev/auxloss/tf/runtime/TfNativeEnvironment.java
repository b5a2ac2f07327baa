package dev.auxloss.tf.runtime;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.RuntimeSettings.Toggle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime settings that TF reads from the process environment, once, when its natives load — a
 * running JVM cannot change them (Java has no {@code setenv}). They must be in the environment the
 * JVM starts with: the launchers ({@code ./bench}, the {@code auxloss} script) export them, and a
 * program that honours a config can start a child JVM with {@link #childEnvironment}.
 *
 * <ul>
 *   <li>{@code TF_ENABLE_ONEDNN_OPTS}: oneDNN kernels. TF turns them on by itself only on CPUs with
 *       AVX-512 VNNI/BF16, AVX-VNNI or AMX; auxloss's default is on (0.77–0.84× step time measured
 *       on an AVX2 EPYC, benchmarks/SPEED_RESULTS.md).
 *   <li>{@code TF_CPU_ALLOCATOR_USE_BFC}: TF's best-fit-with-coalescing allocator for CPU tensors
 *       instead of malloc; TF's default (off) unless the config says otherwise.
 *   <li>{@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit}: without it TF ignores auto-clustering on CPU.
 *   <li>{@code MALLOC_ARENA_MAX} (glibc, read when the process starts): 2 by default. With glibc's
 *       default of 8 arenas per core, buffers freed by one of TF's many threads stay cached in its
 *       arena: resident memory grew 4.8 % over 6000 cnn-ds steps (each checkpoint added up to 36
 *       MB), and was flat with 2.
 * </ul>
 *
 * <pre>{@code
 * TF_ENABLE_ONEDNN_OPTS=1 java -cp ... dev.auxloss.cli.AuxlossCli train --config f.pbtxt
 * }</pre>
 */
public final class TfNativeEnvironment {
  public static final String ONEDNN = "TF_ENABLE_ONEDNN_OPTS";
  public static final String BFC = "TF_CPU_ALLOCATOR_USE_BFC";
  public static final String XLA_FLAGS = "TF_XLA_FLAGS";
  public static final String XLA_CPU_JIT = "--tf_xla_cpu_global_jit";
  public static final String ARENAS = "MALLOC_ARENA_MAX";

  /** glibc arenas by default: resident memory stays flat over long runs (benchmarks SOAK). */
  public static final int DEFAULT_ARENAS = 2;

  private static final Logger log = LoggerFactory.getLogger(TfNativeEnvironment.class);
  private static final Set<String> logged = ConcurrentHashMap.newKeySet();

  private TfNativeEnvironment() {}

  /** The variables {@code r} needs, with their values (TF_XLA_FLAGS merged into {@code env}'s). */
  public static Map<String, String> required(RuntimeSettings r, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(ONEDNN, r.onednn().isOn(true) ? "1" : "0");
    if (r.bfcCpuAllocator() != Toggle.DEFAULT)
      out.put(BFC, r.bfcCpuAllocator().isOn(false) ? "true" : "false");
    if (r.mallocArenaMax() > 0) out.put(ARENAS, Integer.toString(r.mallocArenaMax()));
    // The default yields to a value the user exported.
    if (r.mallocArenaMax() == 0)
      out.put(ARENAS, env.getOrDefault(ARENAS, Integer.toString(DEFAULT_ARENAS)));
    if (r.xla() && !r.device().toUpperCase(Locale.ROOT).contains("GPU")) {
      String flags = env.getOrDefault(XLA_FLAGS, "").trim();
      if (!List.of(flags.split("\\s+")).contains(XLA_CPU_JIT)) {
        flags = flags.isEmpty() ? XLA_CPU_JIT : flags + " " + XLA_CPU_JIT;
      }
      out.put(XLA_FLAGS, flags);
    }
    return out;
  }

  /** {@code env} with what {@code r} needs set: the environment to start a child JVM with. */
  public static Map<String, String> childEnvironment(RuntimeSettings r, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>(env);
    out.putAll(required(r, env));
    return out;
  }

  /** What differs between {@code env} and what {@code r} needs, one sentence per variable. */
  public static List<String> differences(RuntimeSettings r, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    boolean oneDnn = oneDnnOn(env);
    if (oneDnn != r.onednn().isOn(true)
        && !(r.onednn() == Toggle.DEFAULT && env.containsKey(ONEDNN))) {
      out.add(
          "oneDNN is "
              + (oneDnn ? "on" : "off")
              + " in this process but runtime.onednn asks for it "
              + (oneDnn ? "off" : "on")
              + ": start the JVM with "
              + ONEDNN
              + "="
              + (oneDnn ? "0" : "1")
              + " (TF reads it once, when its natives load; measured 0.77-0.84x step time with oneDNN on)");
    }
    Map<String, String> need = required(r, env);
    if (need.containsKey(BFC) && !need.get(BFC).equalsIgnoreCase(env.getOrDefault(BFC, "false"))) {
      out.add(
          "runtime.bfc_cpu_allocator asks for "
              + BFC
              + "="
              + need.get(BFC)
              + " but the JVM started without it: set it before starting the JVM");
    }
    if (need.containsKey(ARENAS) && !need.get(ARENAS).equals(env.getOrDefault(ARENAS, "").trim())) {
      out.add(
          "glibc malloc arenas: runtime.malloc_arena_max asks for "
              + ARENAS
              + "="
              + need.get(ARENAS)
              + " but the process started "
              + (env.containsKey(ARENAS) ? "with " + env.get(ARENAS) : "without it")
              + " (resident memory grows with many arenas; set it before starting the JVM)");
    }
    if (need.containsKey(XLA_FLAGS)
        && !need.get(XLA_FLAGS).equals(env.getOrDefault(XLA_FLAGS, "").trim())) {
      out.add(
          "runtime.xla is on but TF ignores auto-clustering on CPU without "
              + XLA_FLAGS
              + "="
              + XLA_CPU_JIT
              + " in the JVM's environment: the step runs unclustered");
    }
    return out;
  }

  /**
   * Whether oneDNN is on in a process started with {@code env} (TF's rule, util.cc IsMKLEnabled).
   */
  public static boolean oneDnnOn(Map<String, String> env) {
    String v = env.get(ONEDNN);
    if (v != null) {
      String s = v.trim().toLowerCase(Locale.ROOT);
      if (s.equals("1") || s.equals("true")) return true;
      if (s.equals("0") || s.equals("false")) return false;
    }
    return CpuInfo.tfEnablesOneDnnByDefault();
  }

  /** Logs each difference with this process's environment once per process. */
  static void checkOnce(RuntimeSettings r) {
    for (String d : differences(r, System.getenv())) {
      if (!logged.add(d)) continue;
      // Defaults the user did not ask for: a hint, not a warning.
      if ((d.startsWith("oneDNN") && r.onednn() == Toggle.DEFAULT)
          || (d.startsWith("glibc") && r.mallocArenaMax() == 0)) {
        log.info(d);
      } else log.warn(d);
    }
  }
}
