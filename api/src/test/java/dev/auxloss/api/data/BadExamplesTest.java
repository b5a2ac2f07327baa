package dev.auxloss.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadExamplesTest {
  static BadExample notJson(int line) {
    return new BadExample(BadExample.NOT_JSON, "train", "a.jsonl:" + line + ": not JSON");
  }

  @Test
  void failRethrowsTheReadersOwnError() {
    BadExample e = notJson(3);
    assertThatThrownBy(() -> BadExamples.failing().reject(Split.TRAIN, e)).isSameAs(e);
    assertThatThrownBy(() -> BadExamples.failing().abandonFile(Split.TEST, e)).isSameAs(e);
  }

  @Test
  void skipCountsEachPlaceOnceBySplitAndKind() {
    BadExamples skip = BadExamples.of(BadExamples.Policy.SKIP);
    skip.reject(Split.TRAIN, notJson(3));
    skip.reject(Split.TRAIN, notJson(3)); // the same line met again in a later epoch
    skip.reject(Split.TRAIN, notJson(4));
    skip.abandonFile(
        Split.VALIDATION,
        new BadExample(BadExample.TRUNCATED_FILE, "validation", "v.tfrecord: truncated file"));
    assertThat(skip.skipped()).isEqualTo(3);
    assertThat(skip.counts())
        .isEqualTo(
            Map.of("train", Map.of("not_json", 2L), "validation", Map.of("truncated_file", 1L)));
    assertThat(skip.takeWarnings())
        .containsExactly(
            "skipped a bad example (not_json): train: a.jsonl:3: not JSON",
            "skipped a bad example (not_json): train: a.jsonl:4: not JSON",
            "stopped reading a file, the examples before the fault are kept: validation:"
                + " v.tfrecord: truncated file");
    assertThat(skip.takeWarnings()).isEmpty();
  }

  @Test
  void warningsStopAfterTwentyButAnAbandonedFileIsAlwaysNamed() {
    BadExamples skip = BadExamples.of(BadExamples.Policy.SKIP);
    for (int i = 0; i < 30; i++) skip.reject(Split.TRAIN, notJson(i));
    skip.abandonFile(Split.TRAIN, new BadExample(BadExample.TRUNCATED_FILE, "train", "t: cut"));
    List<String> w = skip.takeWarnings();
    assertThat(w).hasSize(22);
    assertThat(w.get(20)).startsWith("more bad examples skipped");
    assertThat(w.get(21)).endsWith("train: t: cut");
    assertThat(skip.skipped()).isEqualTo(31);
  }
}
