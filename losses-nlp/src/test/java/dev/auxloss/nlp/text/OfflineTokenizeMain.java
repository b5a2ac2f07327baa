package dev.auxloss.nlp.text;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link HfTokenizerTest}: tokenizes args[1] with the tokenizer.json args[0].
 */
public final class OfflineTokenizeMain {
  private OfflineTokenizeMain() {}

  public static void main(String[] args) throws Exception {
    HfTokenizer t = HfTokenizer.read(Files.readAllBytes(Path.of(args[0])), "tokenizer", args[0]);
    System.out.println(String.join(" ", t.split(args[1])));
    System.out.println(HfTokenizer.OFFLINE + "=" + System.getProperty(HfTokenizer.OFFLINE));
  }
}
