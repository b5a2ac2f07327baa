package dev.auxloss.nlp.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Texts with a label each, from JSON Lines (one object per line, as Hugging Face datasets write
 * them) or CSV/TSV with a header row (Apache Commons CSV: quoted fields, embedded newlines). The
 * format follows the extension ({@code .jsonl}/{@code .json}, {@code .csv}, {@code .tsv}) unless
 * named. A line that is not JSON, a missing field, a label of the wrong kind and a CSV row with
 * another column count than the header are {@link BadExample}s naming the file and line, which the
 * run's {@link BadExamples} policy fails on or skips.
 *
 * @param file where the rows came from
 * @param rows every row's text and label (as text), with its line
 */
record LabelledTextFiles(Path file, List<Row> rows) {
  /** One example as written: its text, its label as text, and the line it starts on. */
  record Row(String text, String label, long line) {}

  static LabelledTextFiles read(
      Path file,
      String format,
      String textField,
      String labelField,
      String param,
      BadExamples bad) {
    DataPaths.notAFile(file)
        .ifPresent(
            why -> {
              throw error(param, file + ": " + why);
            });
    String kind = format.equals("auto") ? byExtension(file, param) : format;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<Row> rows =
          kind.equals("jsonl")
              ? jsonl(in, file, textField, labelField, param, bad)
              : table(
                  in,
                  kind.equals("tsv") ? CSVFormat.TDF : CSVFormat.RFC4180,
                  file,
                  textField,
                  labelField,
                  param,
                  bad);
      if (rows.isEmpty()) throw error(param, file + ": no examples");
      return new LabelledTextFiles(file, rows);
    } catch (CharacterCodingException e) {
      throw error(param, file + ": not UTF-8 text");
    } catch (IOException e) {
      throw error(param, file + ": " + ConfigError.reason(e));
    }
  }

  private static String byExtension(Path file, String param) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".json")) return "jsonl";
    if (n.endsWith(".csv")) return "csv";
    if (n.endsWith(".tsv")) return "tsv";
    throw error(
        param,
        file
            + ": cannot tell the format from the extension; name it with 'format' (jsonl, csv or tsv)");
  }

  private static List<Row> jsonl(
      BufferedReader in,
      Path file,
      String textField,
      String labelField,
      String param,
      BadExamples bad)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    long line = 0;
    for (String s; (s = in.readLine()) != null; ) {
      line++;
      if (s.isBlank()) continue;
      try {
        rows.add(jsonRow(s, file, line, textField, labelField, param));
      } catch (BadExample e) {
        bad.reject(SplitFiles.split(param), e);
      }
    }
    return rows;
  }

  private static Row jsonRow(
      String s, Path file, long line, String textField, String labelField, String param) {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(s);
      if (!e.isJsonObject())
        throw bad(BadExample.NOT_JSON, param, at(file, line) + ": not a JSON object");
      o = e.getAsJsonObject();
    } catch (JsonSyntaxException e) {
      throw bad(BadExample.NOT_JSON, param, at(file, line) + ": not JSON (" + firstLine(e) + ")");
    }
    return new Row(
        field(o, textField, file, line, param), field(o, labelField, file, line, param), line);
  }

  private static String field(JsonObject o, String name, Path file, long line, String param) {
    JsonElement v = o.get(name);
    if (v == null || v.isJsonNull()) {
      throw bad(
          BadExample.MISSING_FIELD,
          param,
          at(file, line) + ": no field '" + name + "' (fields: " + o.keySet() + ")");
    }
    if (!(v instanceof JsonPrimitive p) || p.isBoolean()) {
      throw bad(
          BadExample.WRONG_FIELD,
          param,
          at(file, line) + ": field '" + name + "' must be a string or a number, found " + v);
    }
    return p.getAsString();
  }

  private static List<Row> table(
      Reader in,
      CSVFormat base,
      Path file,
      String textField,
      String labelField,
      String param,
      BadExamples bad)
      throws IOException {
    CSVFormat format = base.builder().setHeader().setSkipHeaderRecord(true).get();
    List<Row> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      for (String f : List.of(textField, labelField)) {
        if (!header.contains(f))
          throw error(param, at(file, 1) + ": no column '" + f + "' (columns: " + header + ")");
      }
      for (CSVRecord r : parser) {
        long line = r.getParser().getCurrentLineNumber();
        if (!r.isConsistent()) {
          bad.reject(
              SplitFiles.split(param),
              bad(
                  BadExample.COLUMN_COUNT,
                  param,
                  at(file, line) + ": " + r.size() + " columns, the header has " + header.size()));
          continue;
        }
        rows.add(new Row(r.get(textField), r.get(labelField), line));
      }
    } catch (java.io.UncheckedIOException e) {
      throw error(param, file + ": " + ConfigError.reason(e));
    }
    return rows;
  }

  static String at(Path file, long line) {
    return file + ":" + line;
  }

  private static String firstLine(Exception e) {
    return ConfigError.reason(e).lines().findFirst().orElse("");
  }

  static ConfigException error(String param, String message) {
    return new ConfigException(ConfigError.of(param, message));
  }

  /** One example that cannot be used, for the run's {@link BadExamples} policy. */
  static BadExample bad(String kind, String param, String message) {
    return new BadExample(kind, param, message);
  }
}
