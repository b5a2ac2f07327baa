package dev.auxloss.tf.distributed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms of {@code AUXLOSS_CLUSTER}: TF_CONFIG-like {@code {"cluster": {"worker": [...]},
 * "task": {"type": "worker", "index": N}}} or flat {@code {"worker": [...], "task": N}}. A minimal
 * JSON reader (objects, arrays, strings, numbers, literals) so the backend needs no JSON library.
 */
final class ClusterJson {
  private final String s;
  private int i;

  private ClusterJson(String s) {
    this.s = s;
  }

  static ClusterSpec parse(String text) {
    ClusterJson p = new ClusterJson(text);
    Object root = p.value();
    p.skipSpace();
    if (p.i != text.length()) throw p.error("unexpected text after the JSON object");
    if (!(root instanceof Map<?, ?> m)) throw new IllegalArgumentException("expected a JSON object");
    Object cluster = m.containsKey("cluster") ? m.get("cluster") : m;
    if (!(cluster instanceof Map<?, ?> c)) throw new IllegalArgumentException("\"cluster\" must be an object");
    for (Object job : c.keySet()) {
      if (!job.equals(ClusterSpec.JOB) && !(cluster == m && job.equals("task"))) {
        throw new IllegalArgumentException("only the job \"worker\" is supported (every worker trains; task 0 is the"
            + " chief), found job \"" + job + "\"");
      }
    }
    if (!(c.get(ClusterSpec.JOB) instanceof List<?> ws)) throw new IllegalArgumentException("\"worker\" must be a list of \"host:port\"");
    List<String> workers = new ArrayList<>();
    for (Object w : ws) {
      if (!(w instanceof String str)) throw new IllegalArgumentException("\"worker\" entries must be strings, found " + w);
      workers.add(str);
    }
    return new ClusterSpec(workers, task(m.get("task"), workers.size()));
  }

  private static int task(Object t, int workers) {
    if (t == null && workers == 1) return 0;
    if (t instanceof Double d) return whole(d);
    if (t instanceof Map<?, ?> tm) {
      Object type = tm.get("type");
      if (type != null && !ClusterSpec.JOB.equals(type)) {
        throw new IllegalArgumentException("task.type must be \"worker\", found \"" + type + "\"");
      }
      if (tm.get("index") instanceof Double d) return whole(d);
      throw new IllegalArgumentException("task.index must be a number");
    }
    throw new IllegalArgumentException("missing \"task\" (a number, or {\"type\": \"worker\", \"index\": N})");
  }

  private static int whole(double d) {
    if (d != Math.rint(d)) throw new IllegalArgumentException("task must be an integer, found " + d);
    return (int) d;
  }

  private Object value() {
    skipSpace();
    if (i >= s.length()) throw error("unexpected end");
    char c = s.charAt(i);
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (s.startsWith("true", i)) return literal("true", Boolean.TRUE);
    if (s.startsWith("false", i)) return literal("false", Boolean.FALSE);
    if (s.startsWith("null", i)) return literal("null", null);
    return number();
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    skipSpace();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') throw error("expected a key in quotes");
      String key = string();
      skipSpace();
      expect(':');
      m.put(key, value());
      skipSpace();
      if (peek() == ',') {
        i++;
        continue;
      }
      expect('}');
      return m;
    }
  }

  private List<Object> array() {
    List<Object> out = new ArrayList<>();
    i++;
    skipSpace();
    if (peek() == ']') {
      i++;
      return out;
    }
    while (true) {
      out.add(value());
      skipSpace();
      if (peek() == ',') {
        i++;
        continue;
      }
      expect(']');
      return out;
    }
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') return b.toString();
      if (c == '\\') {
        if (i >= s.length()) break;
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) throw error("bad \\u escape");
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    throw error("unterminated string");
  }

  private Double number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
    if (start == i) throw error("unexpected character '" + s.charAt(i) + "'");
    try {
      return Double.parseDouble(s.substring(start, i));
    } catch (NumberFormatException e) {
      throw error("bad number '" + s.substring(start, i) + "'");
    }
  }

  private Object literal(String word, Object v) {
    i += word.length();
    return v;
  }

  private void expect(char c) {
    if (peek() != c) throw error("expected '" + c + "'");
    i++;
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private void skipSpace() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON: " + what + " at character " + i);
  }
}
