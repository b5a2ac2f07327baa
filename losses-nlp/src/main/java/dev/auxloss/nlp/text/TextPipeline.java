package dev.auxloss.nlp.text;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Text → {@code [BOS] pieces… [EOS] PAD…} of exactly {@code seqLen} ids, with a mask of 1 on real
 * positions and 0 on padding. Longer texts keep their first {@code seqLen − 2} pieces, so the
 * sequence always ends in EOS — the position the classifier reads.
 *
 * <p>The same pipeline is exported beside the model ({@link #assets()}: {@code vocab.txt}, {@code
 * text_pipeline.properties} and a {@link SubwordTokenizer}'s own file) and rebuilt with {@link
 * #fromAssets} so serving tokenizes the same way.
 *
 * <pre>{@code
 * TextPipeline p = new TextPipeline(Tokenizer.named("char"), Vocabulary.of(List.of("a", "b")), 5);
 * p.encode("ab").ids();   // [3, 5, 6, 4, 0]
 * p.encode("ab").mask();  // [1, 1, 1, 1, 0]
 * }</pre>
 */
public record TextPipeline(Tokenizer tokenizer, Vocabulary vocabulary, int seqLen)
    implements AutoCloseable {
  /** Asset names in the export. */
  public static final String VOCAB_ASSET = "vocab.txt";

  public static final String PIPELINE_ASSET = "text_pipeline.properties";

  /** The property naming a subword tokenizer's own file among the assets. */
  static final String TOKENIZER_FILE = "tokenizer_file";

  public TextPipeline {
    if (seqLen < 3) {
      throw new IllegalArgumentException(
          "seq_len must be >= 3 (BOS, one piece, EOS), found " + seqLen);
    }
  }

  /** One encoded sequence. */
  public record Encoded(int[] ids, float[] mask, int length) {}

  public Encoded encode(String text) {
    return encodePieces(tokenizer.split(text));
  }

  /** Encodes pieces already split (the tagging task removes punctuation pieces first). */
  public Encoded encodePieces(List<String> pieces) {
    int[] ids = new int[seqLen];
    float[] mask = new float[seqLen];
    int n = Math.min(pieces.size(), seqLen - 2);
    ids[0] = SpecialTokens.BOS;
    for (int i = 0; i < n; i++) ids[i + 1] = vocabulary.id(pieces.get(i));
    ids[n + 1] = SpecialTokens.EOS;
    for (int i = 0; i < n + 2; i++) mask[i] = 1f;
    return new Encoded(ids, mask, n + 2);
  }

  /** Closes the tokenizer (a subword one's native handle): the pipeline encodes nothing after. */
  @Override
  public void close() {
    tokenizer.close();
  }

  /** Files to keep beside the export so serving encodes identically. */
  public Map<String, byte[]> assets() {
    Properties p = new Properties();
    p.setProperty("tokenizer", tokenizer.name());
    p.setProperty("seq_len", Integer.toString(seqLen));
    p.setProperty("vocab_size", Integer.toString(vocabulary.size()));
    if (tokenizer instanceof SubwordTokenizer s) p.setProperty(TOKENIZER_FILE, s.assetName());
    StringWriter w = new StringWriter();
    try {
      p.store(w, "auxloss text pipeline: BOS + pieces + EOS, padded with 0 to seq_len");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put(VOCAB_ASSET, vocabulary.toBytes());
    out.put(PIPELINE_ASSET, w.toString().getBytes(StandardCharsets.UTF_8));
    if (tokenizer instanceof SubwordTokenizer s) out.put(s.assetName(), s.fileBytes());
    return out;
  }

  /**
   * Rebuilds the pipeline from {@link #assets()}; missing or inconsistent files are config errors.
   */
  public static TextPipeline fromAssets(Map<String, byte[]> assets) {
    byte[] vocab = assets.get(VOCAB_ASSET);
    byte[] props = assets.get(PIPELINE_ASSET);
    if (vocab == null || props == null) {
      throw new ConfigException(
          ConfigError.of(
              "assets",
              "a text pipeline needs "
                  + VOCAB_ASSET
                  + " and "
                  + PIPELINE_ASSET
                  + ", found "
                  + assets.keySet()));
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(props, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Vocabulary v = Vocabulary.fromBytes(vocab, VOCAB_ASSET);
    String size = p.getProperty("vocab_size", "");
    if (!size.equals(Integer.toString(v.size()))) {
      throw new ConfigException(
          ConfigError.of(
              "assets",
              PIPELINE_ASSET
                  + " says vocab_size "
                  + size
                  + " but "
                  + VOCAB_ASSET
                  + " holds "
                  + v.size()
                  + " pieces"));
    }
    int seqLen;
    try {
      seqLen = Integer.parseInt(p.getProperty("seq_len", ""));
    } catch (NumberFormatException e) {
      throw new ConfigException(ConfigError.of("assets", PIPELINE_ASSET + " has no valid seq_len"));
    }
    Tokenizer t = tokenizer(p, assets);
    try {
      if (t instanceof SubwordTokenizer s && !s.vocabulary().pieces().equals(v.pieces())) {
        throw new ConfigException(
            ConfigError.of(
                "assets",
                VOCAB_ASSET + " does not hold the pieces of " + s.assetName() + " in order"));
      }
      return new TextPipeline(t, v, seqLen);
    } catch (RuntimeException e) {
      t.close(); // no pipeline owns it
      throw e;
    }
  }

  /** The tokenizer the properties name, a subword one from its file among the assets. */
  private static Tokenizer tokenizer(Properties p, Map<String, byte[]> assets) {
    String name = p.getProperty("tokenizer", "");
    String file = p.getProperty(TOKENIZER_FILE);
    if (file == null) return Tokenizer.named(name);
    byte[] bytes = assets.get(file);
    if (bytes == null) {
      throw new ConfigException(
          ConfigError.of(
              "assets",
              PIPELINE_ASSET + " names the tokenizer file " + file + ", found " + assets.keySet()));
    }
    return Tokenizers.fromFile(name, bytes, "assets", file);
  }
}
