package dev.auxloss.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortunesReaderTest {
  @TempDir Path dir;

  @Test
  void splitsOnPercentLinesAndCleansOverstrike() throws Exception {
    Path f = dir.resolve("jokes");
    Files.writeString(
        f,
        "First quote\nover two lines\n%\n\n%\nB\bBo\bol\bld _\bu_\bn_\bd\n%\nFirst quote\nover two lines\n%\nLast, no trailing percent");
    assertThat(FortunesReader.readQuotes(f))
        .containsExactly("First quote\nover two lines", "Bold und", "Last, no trailing percent");
  }

  @Test
  void missingFileIsAConfigErrorNamingIt() {
    Path f = dir.resolve("nope");
    assertThatThrownBy(() -> FortunesReader.readQuotes(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such fortune file " + f);
  }

  @Test
  void emptyFileIsAConfigErrorNamingIt() throws Exception {
    Path f = dir.resolve("empty");
    Files.writeString(f, "");
    assertThatThrownBy(() -> FortunesReader.readQuotes(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fortune file " + f + " holds no quote");
    Files.writeString(f, "%\n  \n%\n");
    assertThatThrownBy(() -> FortunesReader.readQuotes(f)).hasMessageContaining("holds no quote");
  }

  @Test
  void binaryAndNonUtf8FilesAreConfigErrorsNamingThem() throws Exception {
    Path dat = dir.resolve("jokes.dat");
    Files.write(dat, new byte[] {0, 0, 0, 2, 1, 0});
    assertThatThrownBy(() -> FortunesReader.readQuotes(dat))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fortune file " + dat + " is binary");
    Path latin1 = dir.resolve("latin1");
    Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> FortunesReader.readQuotes(latin1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fortune file " + latin1 + " is not UTF-8 text");
  }

  @Test
  void everyBadCategoryIsReportedTogether() throws Exception {
    Files.writeString(dir.resolve("good"), "a quote\n%\n");
    Files.writeString(dir.resolve("empty"), "");
    assertThatThrownBy(() -> FortunesReader.read(dir, List.of("good", "empty", "absent")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("2 configuration errors")
        .hasMessageContaining("holds no quote")
        .hasMessageContaining(
            "no fortune category 'absent' (file "
                + dir.resolve("absent")
                + "); categories in "
                + dir
                + ": [empty, good]");
  }

  @Test
  void splitIsDecidedByTheTextAlone() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 400; i++) sb.append("quote number ").append(i).append("\n%\n");
    Files.writeString(dir.resolve("many"), sb.toString());
    Files.writeString(dir.resolve("other"), "quote number 7\n%\nsomething else\n");
    FortunesCorpus a = FortunesReader.read(dir, List.of("many"));
    FortunesCorpus b = FortunesReader.read(dir, List.of("other", "many"));
    assertThat(
            a.split(Split.TRAIN).size()
                + a.split(Split.VALIDATION).size()
                + a.split(Split.TEST).size())
        .isEqualTo(400);
    assertThat(a.split(Split.TRAIN).size()).isBetween(280, 360);
    assertThat(a.split(Split.TEST).size()).isBetween(20, 70);
    assertThat(
            b.split(Split.TEST).stream()
                .filter(q -> q.category().equals("many"))
                .map(FortunesCorpus.Quote::text))
        .containsExactlyElementsOf(
            a.split(Split.TEST).stream().map(FortunesCorpus.Quote::text).toList());
    assertThat(b.quotes().get(0).label()).isEqualTo(0);
    assertThat(b.quotes().get(2).label()).isEqualTo(1);
  }

  @Test
  void readsTheInstalledDebianCorpus() {
    assumeTrue(
        Files.isDirectory(FortunesReader.DEFAULT_DIR),
        "fortunes not installed (apt-get install fortunes)");
    List<String> computers =
        FortunesReader.readQuotes(FortunesReader.DEFAULT_DIR.resolve("computers"));
    assertThat(computers.size()).isGreaterThan(900);
    assertThat(computers).noneMatch(q -> q.contains("\b") || q.strip().equals("%") || q.isBlank());
    assertThat(FortunesReader.categories(FortunesReader.DEFAULT_DIR))
        .contains("computers", "science", "politics");
    FortunesCorpus c =
        FortunesReader.read(
            FortunesReader.DEFAULT_DIR,
            List.of(FortunesDatasetFactory.DEFAULT_CATEGORIES.split(",")));
    assertThat(c.quotes().size()).isGreaterThan(3000);
  }
}
