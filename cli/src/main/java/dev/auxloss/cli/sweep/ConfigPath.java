package dev.auxloss.cli.sweep;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.config.proto.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One config field named the way config errors name it, for {@code --vary}: {@code training.steps},
 * {@code weighting.strategy}, {@code optimizer.learning_rate}; a repeated block by index ({@code
 * loss[1]}, from 0 as in the errors) or by term name ({@code loss[aux]}: the name, else the key);
 * {@code <block>.param.<name>} sets a plugin parameter (a number if the value parses as one, {@code
 * true}/{@code false} a flag, else text), added when the config does not set it.
 *
 * <pre>{@code
 * Experiment e = ConfigPath.parse("loss[aux].weight").set(base, "0.3");   // the aux term's weight is 0.3
 * }</pre>
 *
 * Every problem is an {@link IllegalArgumentException} whose message names the path and the rule.
 */
public final class ConfigPath {
  private static final Pattern SEGMENT =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[([^\\]]*)\\])?");
  private static final String PARAM = "param";

  private final String text;
  private final List<String> segments;

  private ConfigPath(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  /** Splits {@code text} at the dots outside brackets; the fields are checked by {@link #set}. */
  public static ConfigPath parse(String text) {
    List<String> segments = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') depth++;
      if (c == ']') depth--;
      if (c == '.' && depth == 0) {
        segments.add(text.substring(start, i));
        start = i + 1;
      }
    }
    segments.add(text.substring(start));
    return new ConfigPath(text, List.copyOf(segments));
  }

  @Override
  public String toString() {
    return text;
  }

  /** {@code base} with this field set to {@code value}. */
  public Experiment set(Experiment base, String value) {
    Experiment.Builder b = base.toBuilder();
    set(b, 0, "", value);
    return b.build();
  }

  private void set(Message.Builder b, int i, String at, String value) {
    Descriptor type = b.getDescriptorForType();
    String segment = segments.get(i);
    Matcher m = SEGMENT.matcher(segment);
    if (!m.matches())
      throw problem(
          at, "'" + segment + "' is not a field name (write name or name[index or term name])");
    String name = m.group(1);
    String where = at.isEmpty() ? name : at + "." + name;
    if (name.equals(PARAM) && m.group(2) == null && isParamList(type.findFieldByName(PARAM))) {
      if (i + 1 >= segments.size())
        throw problem(where, "name the parameter: " + where + ".<name>");
      String param = String.join(".", segments.subList(i + 1, segments.size()));
      setParam(b, type.findFieldByName(PARAM), param, value);
      return;
    }
    FieldDescriptor f = type.findFieldByName(name);
    if (f == null) throw problem(at, NearestName.unknown("field", name, fieldNames(type)));
    boolean last = i + 1 == segments.size();
    if (f.isRepeated()) {
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        throw problem(where, "is a list; --vary sets fields that hold one value");
      }
      if (m.group(2) == null)
        throw problem(
            where, "is repeated: select one block, " + name + "[0] or " + name + "[<name>]");
      int index = select(b, f, m.group(2), where);
      if (last)
        throw problem(
            where + "[" + m.group(2) + "]",
            "is a block; name one of its fields: "
                + String.join(", ", fieldNames(f.getMessageType())));
      set(b.getRepeatedFieldBuilder(f, index), i + 1, where + "[" + m.group(2) + "]", value);
      return;
    }
    if (m.group(2) != null)
      throw problem(where, "is not repeated; write it without [" + m.group(2) + "]");
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      if (last)
        throw problem(
            where,
            "is a block; name one of its fields: "
                + String.join(", ", fieldNames(f.getMessageType())));
      set(b.getFieldBuilder(f), i + 1, where, value);
      return;
    }
    if (!last)
      throw problem(where, "holds a single value; it has no field '" + segments.get(i + 1) + "'");
    b.setField(f, scalar(f, value, where));
  }

  /**
   * The index of the block {@code selector} names: a number, or a block's {@code name} (else {@code
   * key}).
   */
  private int select(Message.Builder b, FieldDescriptor f, String selector, String where) {
    int count = b.getRepeatedFieldCount(f);
    if (selector.matches("\\d+")) {
      int index = Integer.parseInt(selector);
      if (index >= count)
        throw problem(
            where + "[" + selector + "]",
            "the config has " + count + " " + where + " block(s), indexed from 0");
      return index;
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String n = blockName((Message) b.getRepeatedField(f, k));
      names.add(n);
      if (n.equals(selector)) return k;
    }
    throw problem(
        where + "[" + selector + "]",
        NearestName.unknown(where.equals("loss") ? "term" : where + " block", selector, names));
  }

  /** A block's name as errors and telemetry show it: its {@code name}, else its {@code key}. */
  private static String blockName(Message block) {
    for (String field : List.of("name", "key")) {
      FieldDescriptor f = block.getDescriptorForType().findFieldByName(field);
      if (f != null
          && f.getJavaType() == FieldDescriptor.JavaType.STRING
          && !((String) block.getField(f)).isEmpty()) {
        return (String) block.getField(f);
      }
    }
    return "";
  }

  private static boolean isParamList(FieldDescriptor f) {
    return f != null
        && f.isRepeated()
        && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && f.getMessageType().equals(Param.getDescriptor());
  }

  private static void setParam(Message.Builder b, FieldDescriptor f, String name, String value) {
    Param.Builder p = Param.newBuilder().setName(name);
    if (isNumber(value)) p.setNumber(Double.parseDouble(value));
    else if (value.equals("true") || value.equals("false")) p.setFlag(Boolean.parseBoolean(value));
    else p.setText(value);
    for (int k = 0; k < b.getRepeatedFieldCount(f); k++) {
      if (((Param) b.getRepeatedField(f, k)).getName().equals(name)) {
        b.setRepeatedField(f, k, p.build());
        return;
      }
    }
    b.addRepeatedField(f, p.build());
  }

  private static Object scalar(FieldDescriptor f, String value, String where) {
    switch (f.getJavaType()) {
      case DOUBLE, FLOAT -> {
        if (!isNumber(value)) throw problem(where, "'" + value + "' is not a number");
        double d = Double.parseDouble(value);
        return f.getJavaType() == FieldDescriptor.JavaType.FLOAT ? (Object) (float) d : (Object) d;
      }
      case INT, LONG -> {
        long l;
        try {
          l = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw problem(where, "'" + value + "' is not a whole number");
        }
        boolean unsigned =
            f.getType() == FieldDescriptor.Type.UINT32
                || f.getType() == FieldDescriptor.Type.UINT64;
        if (unsigned && l < 0)
          throw problem(where, "'" + value + "' is negative; the field is unsigned");
        if (f.getJavaType() == FieldDescriptor.JavaType.INT
            && (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE)) {
          throw problem(where, "'" + value + "' is out of range for a 32-bit field");
        }
        return f.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) (int) l : (Object) l;
      }
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false"))
          throw problem(where, "'" + value + "' is not true or false");
        return Boolean.parseBoolean(value);
      }
      case ENUM -> {
        EnumValueDescriptor v = f.getEnumType().findValueByName(value.toUpperCase(Locale.ROOT));
        if (v == null) {
          throw problem(
              where,
              NearestName.unknown(
                  "value",
                  value,
                  f.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList()));
        }
        return v;
      }
      default -> {
        return value;
      }
    }
  }

  private static boolean isNumber(String value) {
    try {
      return Double.isFinite(Double.parseDouble(value))
          && !value.endsWith("d")
          && !value.endsWith("f")
          && !value.endsWith("D")
          && !value.endsWith("F");
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static List<String> fieldNames(Descriptor type) {
    return type.getFields().stream().map(FieldDescriptor::getName).toList();
  }

  private static IllegalArgumentException problem(String where, String message) {
    return new IllegalArgumentException(where.isEmpty() ? message : where + ": " + message);
  }
}
