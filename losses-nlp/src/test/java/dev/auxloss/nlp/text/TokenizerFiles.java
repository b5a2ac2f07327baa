package dev.auxloss.nlp.text;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tokenizer files written by the tests: a small BERT-style WordPiece vocabulary as {@code
 * vocab.txt} and as the {@code tokenizer.json} Hugging Face's {@code BertTokenizerFast} saves for
 * it, plus tiny BPE and Unigram {@code tokenizer.json}s.
 */
public final class TokenizerFiles {
  private TokenizerFiles() {}

  public static final List<String> WORDPIECE =
      List.of(
          "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "!", ",", ".", "?", "'", "$", "the", "cat",
          "sat", "on", "mat", "un", "##aff", "##able", "##s", "##at", "a", "##b", "##c", "cafe",
          "hello", "world", "jo", "##han", "##son", "ran", "中", "s", "t", "##t", "##e");

  public static byte[] vocabTxt() {
    return (String.join("\n", WORDPIECE) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The same vocabulary as BERT's uncased tokenizer.json: normalizer, pre-tokenizer, model. */
  public static byte[] wordPieceJson() {
    StringBuilder vocab = new StringBuilder();
    StringBuilder added = new StringBuilder();
    for (int i = 0; i < WORDPIECE.size(); i++) {
      String p = WORDPIECE.get(i);
      if (i > 0) vocab.append(',');
      vocab.append(quote(p)).append(':').append(i);
      if (p.startsWith("[") && p.length() > 2) {
        if (added.length() > 0) added.append(',');
        added.append(
            "{\"id\":%d,\"content\":%s,\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}"
                .formatted(i, quote(p)));
      }
    }
    return ("""
        {"version":"1.0","truncation":null,"padding":null,"added_tokens":[%s],
         "normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true},
         "pre_tokenizer":{"type":"BertPreTokenizer"},
         "post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
           "pair":[{"Sequence":{"id":"A","type_id":0}},{"Sequence":{"id":"B","type_id":1}}],
           "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}},
         "decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
         "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{%s}}}
        """)
        .formatted(added, vocab)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Byte-pair encoding over whitespace-split words: "ab" is one merge, "abc" two. */
  public static byte[] bpeJson() {
    return """
        {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
         "pre_tokenizer":{"type":"Whitespace"},"post_processor":null,"decoder":null,
         "model":{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,
           "end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,
           "vocab":{"<unk>":0,"a":1,"b":2,"c":3,"ab":4,"abc":5},"merges":["a b","ab c"]}}
        """
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A unigram model: pieces with log-probabilities, the id of a piece is its index. */
  public static byte[] unigramJson() {
    return """
        {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
         "pre_tokenizer":{"type":"WhitespaceSplit"},"post_processor":null,"decoder":null,
         "model":{"type":"Unigram","unk_id":0,"byte_fallback":false,
           "vocab":[["<unk>",0.0],["hello",-1.0],["hell",-2.0],["o",-2.0],["h",-3.0],["e",-3.0],["l",-3.0]]}}
        """
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
