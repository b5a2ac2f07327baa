package dev.auxloss.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.config.proto.Experiment;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code auxloss.v1.Experiment} written in protobuf text format, the format of TF Object
 * Detection configs:
 *
 * <pre>
 * name: "default"
 * model { name: "cnn-ds" }
 * loss { key: "vision.cross_entropy" }
 * loss { key: "vision.aux_classifier" weight: 0.3 param { name: "endpoint" text: "block1/features" } }
 * </pre>
 *
 * <p>Only the syntax is checked here: a missing file, a syntax error, an unknown field (every
 * unknown field is reported, each with the nearest real field name) or a singular field written
 * twice is a {@link ConfigException} whose errors carry {@code file:line:column}. Meaning is
 * checked by {@link ExperimentResolver}.
 */
public final class ExperimentLoader {
  /** "name:" right before a value (and any spaces). */
  private static final Pattern FIELD_BEFORE_VALUE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*$");

  private static final Pattern POSITION =
      Pattern.compile("^(\\d+):(\\d+):\\s*(.*)$", Pattern.DOTALL);
  private static final Pattern UNKNOWN = Pattern.compile("^(\\d+):(\\d+):\\s*([\\w.]+)\\.(\\w+)$");
  private static final Pattern NO_ENUM_VALUE =
      Pattern.compile("Enum type \"([\\w.]+)\" has no value named \"([^\"]*)\"");

  private ExperimentLoader() {}

  /** Parses {@code file}; the path is shown in messages as given. */
  public static LoadedExperiment load(Path file) {
    String shown = file.toString();
    if (!Files.exists(file)) {
      throw new ConfigException(
          new ConfigError(
              shown,
              "",
              "config file not found (working directory " + Path.of("").toAbsolutePath() + ")"));
    }
    if (Files.isDirectory(file)) {
      throw new ConfigException(
          new ConfigError(shown, "", "is a directory, expected a .pbtxt config file"));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(new ConfigError(shown, "", "is not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigException(new ConfigError(shown, "", "cannot be read: " + e.getMessage()));
    }
    return parse(text, shown);
  }

  /** Parses config {@code text}; {@code sourceName} is the file name used in messages. */
  public static LoadedExperiment parse(String text, String sourceName) {
    TextFormatParseInfoTree.Builder tree = TextFormatParseInfoTree.builder();
    Experiment.Builder builder = Experiment.newBuilder();
    TextFormat.Parser parser =
        TextFormat.Parser.newBuilder()
            .setParseInfoTreeBuilder(tree)
            // A singular field written twice is almost always a mistake; the default silently keeps
            // the last.
            .setSingularOverwritePolicy(
                TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES)
            .build();
    try {
      parser.merge(text, builder);
    } catch (TextFormat.ParseException e) {
      throw new ConfigException(errors(e, sourceName, text));
    }
    return new LoadedExperiment(
        builder.build(), SourceMap.of(sourceName, tree.build()), baseName(sourceName));
  }

  private static List<ConfigError> errors(TextFormat.ParseException e, String file, String text) {
    String message = e.getMessage() == null ? "syntax error" : e.getMessage();
    Matcher head = POSITION.matcher(message);
    String body = head.matches() ? head.group(3) : message;
    String[] lines = body.split("\n");
    List<ConfigError> out = new ArrayList<>();
    if (lines[0].startsWith("Input contains unknown fields")) {
      // One line per unknown field: "line:col:\tauxloss.v1.Loss.kee".
      for (int i = 1; i < lines.length; i++) {
        Matcher m = UNKNOWN.matcher(lines[i].trim());
        if (m.matches()) {
          out.add(
              new ConfigError(
                  file + ":" + m.group(1) + ":" + m.group(2),
                  "",
                  unknownField(m.group(3), m.group(4))));
        }
      }
      if (!out.isEmpty()) return out;
    }
    String where =
        e.getLine() > 0 ? file + ":" + e.getLine() + ":" + Math.max(1, e.getColumn()) : file;
    String detail = body.replace('\n', ' ').replace("\t", " ").trim();
    String[] at = fieldAndToken(text, e.getLine(), e.getColumn());
    if (at == null) {
      out.add(new ConfigError(where, "", "syntax error: " + detail));
    } else if (detail.startsWith("Expected \"{\"")) {
      out.add(
          new ConfigError(
              where, at[0], "is a block: write " + at[0] + " { ... }, found '" + at[1] + "'"));
    } else {
      String found = detail.contains(at[1]) ? "" : ", found '" + at[1] + "'";
      out.add(
          new ConfigError(where, at[0], "invalid value: " + detail + found + enumValues(detail)));
    }
    return out;
  }

  /**
   * The field whose value starts at {@code line:column} (a schema field name before the ':' there)
   * and the token found there; null when the error is not at a field's value.
   */
  private static String[] fieldAndToken(String text, int line, int column) {
    String[] lines = text.split("\n", -1);
    if (line < 1 || line > lines.length || column < 1) return null;
    String l = lines[line - 1];
    int col = Math.min(column - 1, l.length());
    Matcher m = FIELD_BEFORE_VALUE.matcher(l.substring(0, col));
    if (!m.find() || !isField(m.group(1))) return null;
    String rest = l.substring(col).strip();
    String token = rest.isEmpty() ? "end of line" : rest.split("\\s+")[0];
    return new String[] {m.group(1), token};
  }

  private static String unknownField(String messageType, String field) {
    Descriptor type = findType(messageType);
    if (type == null) return "unknown field '" + field + "' in " + messageType;
    List<String> names = type.getFields().stream().map(FieldDescriptor::getName).toList();
    return NearestName.unknown("field", field, names)
        .replaceFirst(
            "^unknown field '[^']*'", "unknown field '" + field + "' in " + type.getName());
  }

  /**
   * For protobuf's "Enum type "auxloss.v1.Role" has no value named "X".": the nearest value and all
   * of them.
   */
  private static String enumValues(String detail) {
    Matcher m = NO_ENUM_VALUE.matcher(detail);
    if (!m.find()) return "";
    var type =
        Experiment.getDescriptor().getFile().getEnumTypes().stream()
            .filter(t -> t.getFullName().equals(m.group(1)))
            .findFirst();
    if (type.isEmpty()) return "";
    List<String> names = type.get().getValues().stream().map(v -> v.getName()).toList();
    return NearestName.nearest(m.group(2), names).map(n -> " Did you mean '" + n + "'?").orElse("")
        + " Known values: "
        + String.join(", ", names)
        + ".";
  }

  private static boolean isField(String name) {
    return Experiment.getDescriptor().getFile().getMessageTypes().stream()
        .anyMatch(d -> d.findFieldByName(name) != null);
  }

  private static Descriptor findType(String fullName) {
    return Experiment.getDescriptor().getFile().getMessageTypes().stream()
        .filter(d -> d.getFullName().equals(fullName))
        .findFirst()
        .orElse(null);
  }

  private static String baseName(String file) {
    String name = Path.of(file).getFileName() == null ? "" : Path.of(file).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
