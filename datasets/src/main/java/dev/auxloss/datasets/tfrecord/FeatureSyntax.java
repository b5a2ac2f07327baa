package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code features} parameter: entries separated by {@code ;}, each {@code key [as field]:
 * type[shape]}, as {@code tf.io.parse_example}'s feature dict would declare them:
 *
 * <pre>
 * image/encoded as image: image[28,28,1]   PNG/JPEG bytes → float32 [28,28,1] in [0,1] (resized if needed)
 * label: int64                             FixedLenFeature([], tf.int64) → int32 scalar
 * box: float[4]                            FixedLenFeature([4], tf.float32)
 * tokens: int64[var 32]                    VarLenFeature(tf.int64) padded with 0 / truncated to 32,
 *                                          plus tokens_mask: float32 [32] (1 = a value, 0 = padding)
 * </pre>
 *
 * Every error names the entry and says the rule.
 */
final class FeatureSyntax {
  private FeatureSyntax() {}

  /** Shown by {@code list-datasets} and in the parameter's documentation. */
  static final String DOC =
      "'key [as field]: type[shape]; ...' with type float, int64 (fed as int32) or image "
          + "(PNG/JPEG bytes decoded to float32 [H,W,C] in [0,1], C 1 or 3); shape [] or omitted for a scalar, "
          + "[d1,d2,...] fixed, [var N] variable length padded/truncated to N with a field_mask; "
          + "e.g. 'image/encoded as image: image[28,28,1]; label: int64; tokens: int64[var 32]'";

  private static final Pattern ENTRY =
      Pattern.compile(
          "\\s*(?<key>[^:;]+?)(?:\\s+as\\s+(?<field>\\S+))?\\s*:\\s*(?<type>[a-z0-9]+)\\s*(?:\\[(?<shape>[^\\]]*)\\])?\\s*");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static List<FeatureSpec> parse(String text, String param) {
    List<FeatureSpec> out = new ArrayList<>();
    List<ConfigError> errors = new ArrayList<>();
    Set<String> fields = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) continue;
      try {
        FeatureSpec f = entry(entry.strip());
        if (!fields.add(f.field()) || (f.variable() && !fields.add(f.maskField()))) {
          throw new IllegalArgumentException("field '" + f.field() + "' is declared twice");
        }
        if (!keys.add(f.key()))
          throw new IllegalArgumentException("key '" + f.key() + "' is declared twice");
        out.add(f);
      } catch (IllegalArgumentException e) {
        errors.add(ConfigError.of(param, "'" + entry.strip() + "': " + e.getMessage()));
      }
    }
    if (errors.isEmpty() && out.isEmpty()) {
      errors.add(
          ConfigError.of(
              param,
              "must declare at least one feature, for example 'image: image[28,28,1]; label: int64'"));
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return List.copyOf(out);
  }

  private static FeatureSpec entry(String entry) {
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches()) throw new IllegalArgumentException("must read 'key [as field]: type[shape]'");
    String key = m.group("key").strip();
    String field = m.group("field") == null ? key : m.group("field");
    if (!FIELD.matcher(field).matches()) {
      throw new IllegalArgumentException(
          "field name '"
              + field
              + "' must be letters, digits and '_'"
              + (m.group("field") == null
                  ? "; name the field with 'as', e.g. '"
                      + key
                      + " as "
                      + key.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("^([0-9])", "_$1")
                      + ": ...'"
                  : ""));
    }
    FeatureSpec.Kind kind = kind(m.group("type"));
    String shapeText = m.group("shape") == null ? "" : m.group("shape").strip();
    if (shapeText.startsWith("var")) {
      if (kind == FeatureSpec.Kind.IMAGE)
        throw new IllegalArgumentException("an image has a fixed shape [H,W,C]");
      long n = dim(shapeText.substring(3).strip());
      return new FeatureSpec(key, field, kind, new long[] {n}, true);
    }
    long[] shape =
        shapeText.isEmpty()
            ? new long[0]
            : java.util.Arrays.stream(shapeText.split(","))
                .mapToLong(d -> dim(d.strip()))
                .toArray();
    if (kind == FeatureSpec.Kind.IMAGE && (shape.length != 3 || (shape[2] != 1 && shape[2] != 3))) {
      throw new IllegalArgumentException(
          "an image's shape must be [H,W,C] with C 1 (grey) or 3 (RGB)");
    }
    long size = 1;
    for (long d : shape) size = Math.multiplyExact(size, d);
    if (size > (1 << 26))
      throw new IllegalArgumentException(
          "shape holds " + size + " values per example, at most 2^26");
    return new FeatureSpec(key, field, kind, shape, false);
  }

  private static FeatureSpec.Kind kind(String type) {
    for (FeatureSpec.Kind k : FeatureSpec.Kind.values()) if (k.configName.equals(type)) return k;
    if (type.equals("bytes")) {
      throw new IllegalArgumentException(
          "bytes features are read as images (the batch holds numbers): write 'image[H,W,C]'");
    }
    throw new IllegalArgumentException("unknown type '" + type + "'; known: float, int64, image");
  }

  private static long dim(String d) {
    try {
      long n = Long.parseLong(d);
      if (n >= 1) return n;
    } catch (NumberFormatException ignored) {
      // reported below with the rule
    }
    throw new IllegalArgumentException(
        "a dimension must be a whole number >= 1, found '" + d + "'");
  }
}
