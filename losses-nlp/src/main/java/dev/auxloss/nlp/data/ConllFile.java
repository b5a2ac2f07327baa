package dev.auxloss.nlp.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.params.ConfigError;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CoNLL file: a token per line, whitespace-separated columns, a blank line between sentences,
 * {@code -DOCSTART-} lines skipped (the CoNLL-2003 layout). The token and the tag come from the
 * configured columns; every line of a file has the same number of columns as its first, and every
 * tag is {@code O} or {@code B-}/{@code I-}/{@code E-}/{@code S-}{@code <type>} (BIO or IOBES). A
 * line that breaks either rule names the file and line.
 *
 * @param file where the sentences came from
 * @param sentences every sentence's tokens and tags, with the line it starts on
 */
record ConllFile(Path file, List<Sentence> sentences) {
  /** A sentence as written. */
  record Sentence(List<String> tokens, List<String> tags, long line) {}

  private static final Pattern TAG = Pattern.compile("O|[BIES]-\\S+");

  static ConllFile read(Path file, int tokenColumn, int tagColumn, String param, BadExamples bad) {
    DataPaths.notAFile(file)
        .ifPresent(
            why -> {
              throw LabelledTextFiles.error(param, file + ": " + why);
            });
    List<Sentence> sentences = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<String> tokens = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      long start = 0;
      int columns = -1;
      long line = 0;
      boolean skipped = false; // the sentence had a bad line: SKIP drops all of it
      for (String s; (s = in.readLine()) != null; ) {
        line++;
        String[] f = s.strip().split("\\s+");
        if (s.isBlank() || f[0].equals("-DOCSTART-")) {
          if (!tokens.isEmpty() && !skipped)
            sentences.add(new Sentence(List.copyOf(tokens), List.copyOf(tags), start));
          tokens.clear();
          tags.clear();
          skipped = false;
          continue;
        }
        if (tokens.isEmpty() && !skipped) start = line;
        if (columns < 0) {
          columns = f.length;
          int needed = Math.max(tokenColumn, tagColumn < 0 ? 0 : tagColumn) + 1;
          if (columns < needed || (tagColumn < 0 && columns < 2)) {
            throw LabelledTextFiles.error(
                param,
                LabelledTextFiles.at(file, line)
                    + ": "
                    + columns
                    + " columns; token_column and tag_column need "
                    + Math.max(needed, 2));
          }
        }
        try {
          tags.add(tag(f, columns, tagColumn, file, line, param));
          tokens.add(f[tokenColumn]);
        } catch (BadExample e) {
          bad.reject(SplitFiles.split(param), e);
          skipped = true;
        }
      }
      if (!tokens.isEmpty() && !skipped)
        sentences.add(new Sentence(List.copyOf(tokens), List.copyOf(tags), start));
    } catch (CharacterCodingException e) {
      throw LabelledTextFiles.error(param, file + ": not UTF-8 text");
    } catch (IOException e) {
      throw LabelledTextFiles.error(param, file + ": " + ConfigError.reason(e));
    }
    if (sentences.isEmpty()) throw LabelledTextFiles.error(param, file + ": no sentences");
    return new ConllFile(file, sentences);
  }

  /** The line's tag; a line with another column count or a tag that is not BIO/IOBES is bad. */
  private static String tag(
      String[] f, int columns, int tagColumn, Path file, long line, String param) {
    if (f.length != columns) {
      throw LabelledTextFiles.bad(
          BadExample.COLUMN_COUNT,
          param,
          LabelledTextFiles.at(file, line)
              + ": "
              + f.length
              + " columns, the file's first line has "
              + columns);
    }
    String tag = f[tagColumn < 0 ? columns + tagColumn : tagColumn];
    if (!TAG.matcher(tag).matches()) {
      throw LabelledTextFiles.bad(
          BadExample.BAD_TAG,
          param,
          LabelledTextFiles.at(file, line)
              + ": tag '"
              + tag
              + "' is not O or B-, I-, E-, S-<type> (BIO or IOBES)");
    }
    return tag;
  }
}
