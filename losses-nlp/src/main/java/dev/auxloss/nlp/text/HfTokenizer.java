package dev.auxloss.nlp.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Hugging Face {@code tokenizer.json} (WordPiece, BPE, Unigram...) run by DJL's Rust tokenizers
 * from the native library inside its jar: {@link #OFFLINE} is set before the first use, so DJL
 * never downloads a library (it copies the bundled one to its cache, {@code ~/.djl.ai} unless
 * {@code DJL_CACHE_DIR} says otherwise). The text is encoded without the tokenizer's own special
 * tokens, truncation or padding: auxloss adds BOS, EOS and padding itself.
 *
 * <p>Ids: the tokenizer's own id + {@link SpecialTokens#COUNT}; the pieces come from the file's
 * {@code model.vocab} and {@code added_tokens} (an id the file leaves unused gets a placeholder
 * piece).
 *
 * <pre>{@code
 * HfTokenizer t = HfTokenizer.read(Files.readAllBytes(Path.of("tokenizer.json")), "tokenizer", "tokenizer.json");
 * t.split("unaffable");  // [un, ##aff, ##able] for a BERT WordPiece tokenizer
 * }</pre>
 */
public final class HfTokenizer extends FileTokenizer {
  public static final String ASSET = "tokenizer.json";

  /** DJL's switch that forbids downloads (its {@code Utils.isOfflineMode}). */
  public static final String OFFLINE = "ai.djl.offline";

  private final HuggingFaceTokenizer tokenizer;

  private HfTokenizer(byte[] file, Vocabulary vocabulary, HuggingFaceTokenizer tokenizer) {
    super("hf", ASSET, file, vocabulary);
    this.tokenizer = tokenizer;
  }

  /** Parses a {@code tokenizer.json}; what DJL or the JSON reader refuses names {@code source}. */
  public static HfTokenizer read(byte[] file, String param, String source) {
    Vocabulary vocabulary;
    try {
      vocabulary = Vocabulary.of(pieces(JsonParser.parseString(utf8(file)).getAsJsonObject()));
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
      throw unreadable(param, source, e);
    }
    System.setProperty(OFFLINE, "true"); // before DJL looks for its native library
    HuggingFaceTokenizer t;
    try {
      t =
          HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(file),
              Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (IOException | RuntimeException e) {
      throw unreadable(param, source, e);
    }
    return new HfTokenizer(file, vocabulary, t);
  }

  /**
   * The pieces of the tokenizer's ids, so {@code vocabulary().id(piece)} is always the tokenizer's
   * id + 5 (a token string alone could be ambiguous, e.g. byte fallback).
   */
  @Override
  public List<String> split(String text) {
    if (tokenizer.isReleased()) {
      throw new IllegalStateException(
          "this " + ASSET + " tokenizer is closed: its owner encoded what it had to and freed it");
    }
    long[] ids = tokenizer.encode(Tokenizer.normalize(text), false, false).getIds();
    List<String> out = new ArrayList<>(ids.length);
    for (long id : ids) out.add(vocabulary().piece((int) id + SpecialTokens.COUNT));
    return out;
  }

  /** Frees DJL's native tokenizer. */
  @Override
  public void close() {
    tokenizer.close();
  }

  /** The file's pieces by id: {@code model.vocab} (a map, or Unigram's list) and added tokens. */
  private static List<String> pieces(JsonObject json) {
    TreeMap<Integer, String> byId = new TreeMap<>();
    JsonObject model = json.getAsJsonObject("model");
    if (model == null || !model.has("vocab"))
      throw new IllegalStateException("no model.vocab in it");
    JsonElement vocab = model.get("vocab");
    if (vocab.isJsonArray()) {
      JsonArray list = vocab.getAsJsonArray(); // Unigram: [[piece, score], ...], id = index
      for (int i = 0; i < list.size(); i++)
        byId.put(i, list.get(i).getAsJsonArray().get(0).getAsString());
    } else {
      for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet())
        byId.put(e.getValue().getAsInt(), e.getKey());
    }
    JsonElement added = json.get("added_tokens");
    if (added != null && added.isJsonArray()) {
      for (JsonElement a : added.getAsJsonArray()) {
        JsonObject o = a.getAsJsonObject();
        byId.putIfAbsent(o.get("id").getAsInt(), o.get("content").getAsString());
      }
    }
    if (byId.isEmpty() || byId.firstKey() < 0) throw new IllegalStateException("no pieces in it");
    String[] out = new String[byId.lastKey() + 1];
    for (int i = 0; i < out.length; i++)
      out[i] = byId.getOrDefault(i, "[auxloss unused " + i + "]");
    return Arrays.asList(out);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static ConfigException unreadable(String param, String source, Exception e) {
    return new ConfigException(
        ConfigError.of(
            param,
            "tokenizer file "
                + source
                + ": not a tokenizer.json this tokenizer library can load ("
                + ConfigError.reason(e).lines().findFirst().orElse("")
                + ")"));
  }
}
