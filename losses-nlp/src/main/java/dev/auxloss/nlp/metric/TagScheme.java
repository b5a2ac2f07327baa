package dev.auxloss.nlp.metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tag ids read as chunk tags: {@code O}, or {@code B-}, {@code I-}, {@code E-}, {@code S-} followed
 * by a type (BIO and BIOES). Each id gets a prefix code and a type number (0 for {@code O}).
 *
 * <pre>{@code
 * TagScheme.parse("O,B-PER,I-PER").get().types(); // [0, 1, 1]
 * }</pre>
 *
 * @param prefixes per id: {@link #O}, {@link #B}, {@link #I}, {@link #E} or {@link #S}
 * @param types per id: 0 for O, else 1 + the index of its type in order of appearance
 */
record TagScheme(int[] prefixes, int[] types) {
  static final int O = 0;
  static final int B = 1;
  static final int I = 2;
  static final int E = 3;
  static final int S = 4;
  static final String RULE = "must be comma-separated tags, each O or B-, I-, E-, S- and a type";

  /** The scheme of comma-separated tag names, empty when one is not a chunk tag. */
  static Optional<TagScheme> parse(String names) {
    List<String> tags = new ArrayList<>();
    for (String t : names.split(",", -1)) tags.add(t.strip());
    int[] prefixes = new int[tags.size()];
    int[] types = new int[tags.size()];
    Map<String, Integer> typeIds = new LinkedHashMap<>();
    for (int i = 0; i < tags.size(); i++) {
      String t = tags.get(i);
      if (t.equals("O")) continue;
      if (!t.matches("[BIES]-\\S+")) return Optional.empty();
      prefixes[i] = "OBIES".indexOf(t.charAt(0));
      types[i] = typeIds.computeIfAbsent(t.substring(2), k -> typeIds.size() + 1);
    }
    return Optional.of(new TagScheme(prefixes, types));
  }

  static boolean valid(String names) {
    return parse(names).isPresent();
  }

  int size() {
    return prefixes.length;
  }
}
