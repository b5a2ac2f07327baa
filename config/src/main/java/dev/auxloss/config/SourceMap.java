package dev.auxloss.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormatParseInfoTree;
import com.google.protobuf.TextFormatParseLocation;
import dev.auxloss.config.proto.Experiment;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each field of a parsed experiment was written: turns a field path such as {@code
 * loss[1].schedule.values} into {@code experiment.pbtxt:14:5}.
 *
 * <p>A field that was not written (a default) is placed at the nearest enclosing block that was, so
 * {@code loss[1].weight} of a loss without a weight points at that loss block; a top-level field
 * that is absent gives the file name alone. Lines and columns are 1-based, like compiler messages.
 *
 * <pre>{@code
 * SourceMap map = ExperimentLoader.parse("seed: 3\nloss { key: \"a.b\" }\n", "x.pbtxt").sources();
 * map.locate("loss[0].key"); // "x.pbtxt:2:8"
 * map.locate("loss[0].weight"); // "x.pbtxt:2:1" (the loss block)
 * }</pre>
 */
public final class SourceMap {
  private static final Pattern TOKEN = Pattern.compile("([a-z_0-9]+)(?:\\[(\\d+)])?");

  private final String file;
  private final TextFormatParseInfoTree tree;

  private SourceMap(String file, TextFormatParseInfoTree tree) {
    this.file = file;
    this.tree = tree;
  }

  /** Locations from a parse of {@code file} (the name shown in messages, as the user typed it). */
  public static SourceMap of(String file, TextFormatParseInfoTree tree) {
    return new SourceMap(file, tree);
  }

  /** No file: for experiments built in code; every location is empty. */
  public static SourceMap none() {
    return new SourceMap("", null);
  }

  /** The file name shown in messages; empty for an experiment built in code. */
  public String file() {
    return file;
  }

  /**
   * The {@code file:line:column} of the deepest written field along {@code fieldPath} ({@code
   * name[index]} segments separated by dots; a missing index means 0); the file alone when nothing
   * along the path was written; empty without a file.
   */
  public String locate(String fieldPath) {
    if (file.isEmpty()) return "";
    if (tree == null || fieldPath.isEmpty()) return file;
    TextFormatParseInfoTree node = tree;
    Descriptor type = Experiment.getDescriptor();
    TextFormatParseLocation best = null;
    for (String segment : fieldPath.split("\\.")) {
      Matcher m = TOKEN.matcher(segment);
      if (type == null || node == null || !m.matches()) break;
      FieldDescriptor field = type.findFieldByName(m.group(1));
      if (field == null) break;
      int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      List<TextFormatParseLocation> found = node.getLocations(field);
      if (index >= found.size()) break;
      best = found.get(index);
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) break;
      node = node.getNestedTree(field, index);
      type = field.getMessageType();
    }
    return best == null ? file : render(best);
  }

  private String render(TextFormatParseLocation at) {
    // The parser counts from 0; editors and compilers count from 1.
    return file + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
  }
}
