package dev.auxloss.cli.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny JSON writer for run reports: maps (insertion order), collections, arrays of doubles,
 * numbers, booleans, strings and null. Non-finite numbers, which JSON cannot hold, become null.
 * {@link #parse} (Gson) reads such a report back (a resumed run continues the previous {@code
 * run.json}).
 */
public final class Json {
  private static final Gson READER =
      new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

  private Json() {}

  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb, 0);
    return sb.append('\n').toString();
  }

  private static void write(Object v, StringBuilder sb, int indent) {
    if (v == null) sb.append("null");
    else if (v instanceof String s) string(s, sb);
    else if (v instanceof Boolean b) sb.append(b);
    else if (v instanceof Double || v instanceof Float) number(((Number) v).doubleValue(), sb);
    else if (v instanceof Number n) sb.append(n.longValue());
    else if (v instanceof double[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        if (i > 0) sb.append(", ");
        number(a[i], sb);
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append("  ".repeat(indent + 1));
        string(String.valueOf(e.getKey()), sb);
        sb.append(": ");
        write(e.getValue(), sb, indent + 1);
        sb.append(++i < m.size() ? ",\n" : "\n");
      }
      sb.append("  ".repeat(indent)).append('}');
    } else if (v instanceof Collection<?> c) {
      boolean flat =
          c.stream()
              .allMatch(x -> x instanceof double[] || x instanceof Number || x instanceof String);
      sb.append('[');
      int i = 0;
      for (Object x : c) {
        if (i++ > 0) sb.append(flat ? ", " : ",");
        if (!flat) sb.append('\n').append("  ".repeat(indent + 1));
        write(x, sb, indent + 1);
      }
      if (!flat && !c.isEmpty()) sb.append('\n').append("  ".repeat(indent));
      sb.append(']');
    } else {
      string(String.valueOf(v), sb);
    }
  }

  private static void number(double d, StringBuilder sb) {
    if (!Double.isFinite(d)) sb.append("null");
    else if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) d);
    else
      sb.append(
          String.format(Locale.ROOT, "%.6g", d)
              .replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
              .replace(".e", "e"));
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  /**
   * Parses JSON text: objects become insertion-ordered maps, arrays lists, integers {@code Long},
   * other numbers {@code Double}. Throws {@link IllegalArgumentException} on text that is not JSON.
   */
  public static Object parse(String text) {
    try {
      return READER.fromJson(text, Object.class);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
