package dev.auxloss.cli.run;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny JSON writer for run reports: maps (insertion order), collections, arrays of doubles,
 * numbers, booleans, strings and null. Non-finite numbers, which JSON cannot hold, become null. {@link
 * #parse} reads such a report back (a resumed run continues the previous {@code run.json}).
 */
final class Json {
  private Json() {}

  static String write(Object value) {
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
      boolean flat = c.stream().allMatch(x -> x instanceof double[] || x instanceof Number || x instanceof String);
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
    else sb.append(String.format(Locale.ROOT, "%.6g", d).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e"));
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
   * other numbers {@code Double}. Throws {@link IllegalArgumentException} naming the offset of bad text.
   */
  static Object parse(String text) {
    Reader r = new Reader(text);
    Object v = r.value();
    r.skipSpace();
    if (r.at < text.length()) throw r.error("end of text");
    return v;
  }

  private static final class Reader {
    private final String s;
    private int at;

    Reader(String s) {
      this.s = s;
    }

    Object value() {
      skipSpace();
      if (at >= s.length()) throw error("a value");
      char c = s.charAt(at);
      if (c == '{') return object();
      if (c == '[') return array();
      if (c == '"') return string();
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, at)) {
          at += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      return number();
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      at++;
      skipSpace();
      if (peek('}')) return m;
      do {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        m.put(key, value());
        skipSpace();
      } while (peek(','));
      expect('}');
      return m;
    }

    private java.util.List<Object> array() {
      java.util.List<Object> l = new java.util.ArrayList<>();
      at++;
      skipSpace();
      if (peek(']')) return l;
      do {
        l.add(value());
        skipSpace();
      } while (peek(','));
      expect(']');
      return l;
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (at < s.length() && s.charAt(at) != '"') {
        char c = s.charAt(at++);
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (at >= s.length()) break;
        char e = s.charAt(at++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            if (at + 4 > s.length()) throw error("four hex digits");
            sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
            at += 4;
          }
          default -> sb.append(e);
        }
      }
      expect('"');
      return sb.toString();
    }

    private Number number() {
      int start = at;
      while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) at++;
      String n = s.substring(start, at);
      try {
        return n.matches("-?\\d+") ? (Number) Long.valueOf(n) : (Number) Double.valueOf(n);
      } catch (NumberFormatException e) {
        at = start;
        throw error("a value");
      }
    }

    void skipSpace() {
      while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
    }

    private boolean peek(char c) {
      if (at < s.length() && s.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!peek(c)) throw error("'" + c + "'");
    }

    IllegalArgumentException error(String expected) {
      return new IllegalArgumentException("expected " + expected + " at character " + at);
    }
  }
}
