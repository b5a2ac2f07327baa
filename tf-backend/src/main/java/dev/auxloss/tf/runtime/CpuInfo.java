package dev.auxloss.tf.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What TF's CPU defaults depend on, read from {@code /proc/cpuinfo} (Linux; elsewhere the JVM's
 * processor count and "no"). Physical cores size the intra-op pool: hyper-threads share one core's
 * vector units, so a second thread per core slows dense kernels down.
 */
final class CpuInfo {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /** CPU features with which TF 2.18 turns oneDNN on by itself (tensorflow/core/util/util.cc). */
  private static final List<String> ONEDNN_BY_DEFAULT =
      List.of("avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16");

  private CpuInfo() {}

  /** Physical cores available to this JVM (never more than its processor count). */
  static int physicalCores() {
    int logical = Runtime.getRuntime().availableProcessors();
    List<String> lines = lines();
    Set<String> cores = new HashSet<>();
    String physical = "0";
    for (String l : lines) {
      if (l.startsWith("physical id")) physical = value(l);
      if (l.startsWith("core id")) cores.add(physical + ":" + value(l));
    }
    return cores.isEmpty() ? logical : Math.max(1, Math.min(logical, cores.size()));
  }

  /** Whether TF enables oneDNN on this CPU when {@code TF_ENABLE_ONEDNN_OPTS} is unset. */
  static boolean tfEnablesOneDnnByDefault() {
    for (String l : lines()) {
      if (l.startsWith("flags")) {
        Set<String> flags = Set.of(value(l).split("\\s+"));
        return ONEDNN_BY_DEFAULT.stream().anyMatch(flags::contains);
      }
    }
    return false;
  }

  private static String value(String line) {
    int colon = line.indexOf(':');
    return colon < 0 ? "" : line.substring(colon + 1).trim();
  }

  private static List<String> lines() {
    try {
      return Files.isReadable(CPUINFO) ? Files.readAllLines(CPUINFO) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
