package dev.auxloss.bench;

import dev.auxloss.api.config.RuntimeSettings;
import dev.auxloss.api.config.RuntimeSettings.Toggle;
import java.util.Locale;

/**
 * Runtime settings written on a command line, {@code key=value} pairs joined by commas (empty: the
 * defaults): {@code intra=2,inter=-1,xla=on,remapper=off,layout=off,constfold=off,onednn=on,bfc=on}.
 * Child-process arms receive their settings this way.
 */
final class RuntimeSpec {
  private RuntimeSpec() {}

  static RuntimeSettings parse(String spec) {
    RuntimeSettings r = RuntimeSettings.defaults();
    if (spec == null || spec.isBlank() || spec.equals("default")) return r;
    for (String kv : spec.split(",")) {
      String[] p = kv.split("=", 2);
      if (p.length != 2) throw new IllegalArgumentException("runtime spec entries are key=value, found '" + kv + "'");
      String v = p[1].trim().toLowerCase(Locale.ROOT);
      r = switch (p[0].trim()) {
        case "intra" -> r.withThreads(Integer.parseInt(v), r.interOpThreads());
        case "inter" -> r.withThreads(r.intraOpThreads(), Integer.parseInt(v));
        case "xla" -> r.withXla(toggle(v) == Toggle.ON);
        case "remapper" -> r.withGrappler(toggle(v), r.layoutOptimizer(), r.constantFolding());
        case "layout" -> r.withGrappler(r.remapper(), toggle(v), r.constantFolding());
        case "constfold" -> r.withGrappler(r.remapper(), r.layoutOptimizer(), toggle(v));
        case "onednn" -> r.withNativeEnvironment(toggle(v), r.bfcCpuAllocator());
        case "bfc" -> r.withNativeEnvironment(r.onednn(), toggle(v));
        default -> throw new IllegalArgumentException("unknown runtime spec key '" + p[0]
            + "'; known: intra, inter, xla, remapper, layout, constfold, onednn, bfc");
      };
    }
    return r;
  }

  private static Toggle toggle(String v) {
    return switch (v) {
      case "on", "true", "1" -> Toggle.ON;
      case "off", "false", "0" -> Toggle.OFF;
      case "default" -> Toggle.DEFAULT;
      default -> throw new IllegalArgumentException("a switch is on, off or default, found '" + v + "'");
    };
  }
}
