package dev.auxloss.bench;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.RuntimeSettings.Toggle;
import java.util.Locale;

/**
 * Runtime settings written on a command line, {@code key=value} pairs joined by commas (empty: the
 * defaults): {@code
 * intra=2,inter=-1,xla=on,remapper=off,layout=off,constfold=off,onednn=on,bfc=on}. Child-process
 * arms receive their settings this way.
 */
final class RuntimeSpec {
  private RuntimeSpec() {}

  static RuntimeSettings parse(String spec) {
    RuntimeSettings.Builder r = RuntimeSettings.builder();
    if (spec == null || spec.isBlank() || spec.equals("default")) return r.build();
    for (String kv : spec.split(",")) {
      String[] p = kv.split("=", 2);
      if (p.length != 2)
        throw new IllegalArgumentException(
            "runtime spec entries are key=value, found '" + kv + "'");
      String v = p[1].trim().toLowerCase(Locale.ROOT);
      switch (p[0].trim()) {
        case "intra" -> r.intraOpThreads(Integer.parseInt(v));
        case "inter" -> r.interOpThreads(Integer.parseInt(v));
        case "xla" -> r.xla(toggle(v) == Toggle.ON);
        case "remapper" -> r.remapper(toggle(v));
        case "layout" -> r.layoutOptimizer(toggle(v));
        case "constfold" -> r.constantFolding(toggle(v));
        case "onednn" -> r.onednn(toggle(v));
        case "bfc" -> r.bfcCpuAllocator(toggle(v));
        default ->
            throw new IllegalArgumentException(
                "unknown runtime spec key '"
                    + p[0]
                    + "'; known: intra, inter, xla, remapper, layout, constfold, onednn, bfc");
      }
    }
    return r.build();
  }

  private static Toggle toggle(String v) {
    return switch (v) {
      case "on", "true", "1" -> Toggle.ON;
      case "off", "false", "0" -> Toggle.OFF;
      case "default" -> Toggle.DEFAULT;
      default ->
          throw new IllegalArgumentException("a switch is on, off or default, found '" + v + "'");
    };
  }
}
