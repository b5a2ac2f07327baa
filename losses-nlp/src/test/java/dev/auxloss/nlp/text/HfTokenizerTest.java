package dev.auxloss.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hugging Face tokenizer.json files of each model kind, run offline from the jar's natives. */
class HfTokenizerTest {
  @TempDir Path tmp;

  @Test
  void bytePairEncodingMergesAndIdsFollowTheFile() {
    HfTokenizer t = HfTokenizer.read(TokenizerFiles.bpeJson(), "tokenizer", "bpe.json");
    assertThat(t.split("abc ab  a\ncb")).containsExactly("abc", "ab", "a", "c", "b");
    // the file's id + 5: "abc" is 5 in the file
    assertThat(t.vocabulary().id("abc")).isEqualTo(10);
    assertThat(t.vocabulary().size()).isEqualTo(SpecialTokens.COUNT + 6);
  }

  @Test
  void unigramPicksTheMostLikelySegmentation() {
    HfTokenizer t = HfTokenizer.read(TokenizerFiles.unigramJson(), "tokenizer", "unigram.json");
    assertThat(t.split("hello hell hello")).containsExactly("hello", "hell", "hello");
    assertThat(t.split("leo")).containsExactly("l", "e", "o");
    assertThat(t.vocabulary().id("hell")).isEqualTo(SpecialTokens.COUNT + 2);
  }

  @Test
  void aFileTheLibraryCannotLoadIsAConfigErrorNamingIt() {
    for (byte[] bad :
        List.of(
            "{not json".getBytes(StandardCharsets.UTF_8),
            "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0}}}".getBytes(StandardCharsets.UTF_8),
            "{\"model\":{}}".getBytes(StandardCharsets.UTF_8))) {
      assertThatThrownBy(() -> HfTokenizer.read(bad, "tokenizer", "/data/tok.json"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("tokenizer")
          .hasMessageContaining("tokenizer file /data/tok.json: not a tokenizer.json");
    }
  }

  /**
   * A fresh JVM with an empty DJL cache and every proxy pointed at a closed local port: the native
   * library DJL loads is the one in its jar, copied, and nothing is downloaded.
   */
  @Test
  void tokenizesInAFreshJvmFromTheJarsNativesWithNoNetwork() throws Exception {
    Path json = Files.write(tmp.resolve("tokenizer.json"), TokenizerFiles.wordPieceJson());
    Path cache = tmp.resolve("djl-cache");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-DDJL_CACHE_DIR=" + cache);
    for (String proxy : List.of("http", "https", "socks")) {
      cmd.add("-D" + proxy + (proxy.equals("socks") ? "ProxyHost" : ".proxyHost") + "=127.0.0.1");
      cmd.add("-D" + proxy + (proxy.equals("socks") ? "ProxyPort" : ".proxyPort") + "=9");
    }
    cmd.add(OfflineTokenizeMain.class.getName());
    cmd.add(json.toString());
    cmd.add("Unaffable cats!");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("un ##aff ##able cat ##s !").contains("ai.djl.offline=true");

    List<Path> libs;
    try (Stream<Path> s = Files.walk(cache)) {
      libs = s.filter(f -> f.getFileName().toString().equals("libtokenizers.so")).toList();
    }
    assertThat(libs).hasSize(1);
    assertThat(libs.get(0).toString()).contains("cpu-linux-x86_64");
    try (InputStream jar =
        getClass().getResourceAsStream("/native/lib/linux-x86_64/cpu/libtokenizers.so")) {
      assertThat(jar).isNotNull();
      assertThat(Files.readAllBytes(libs.get(0))).isEqualTo(jar.readAllBytes());
    }
  }
}
