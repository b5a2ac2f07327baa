package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;

import java.util.List;

/**
 * {@code transformer-encoder} settings the data cannot satisfy (issue 17, item 2): exit 2 naming
 * the parameter, the value and the rule, found by {@code validate} before any training.
 */
final class BadInputEncoderCases {
  private BadInputEncoderCases() {}

  static final String F = BadInputCase.CONFIG;

  /** An encoder with {@code extra} model parameters on synthetic text of 16 ids per sequence. */
  static String encoder(String extra) {
    return """
        name: "badinput"
        model { name: "transformer-encoder" param { name: "dim" number: 16 } %s }
        data {
          dataset: "synthetic-text"
          batch_size: 8
          param { name: "examples" number: 64 }
          param { name: "seq_len" number: 16 }
        }
        loss { key: "nlp.cross_entropy" }
        """
        .formatted(extra);
  }

  static List<BadInputCase> cases() {
    return List.of(
        config(
            "encoder: max_length shorter than the sequences",
            encoder("param { name: \"max_length\" number: 8 }"),
            "model 'transformer-encoder' failed to build: max_length must be 0 or at least the"
                + " tokens input's length 16, found 8"),
        config(
            "encoder: segment embeddings on data without segments",
            encoder("param { name: \"segment_embeddings\" number: 2 }"),
            "segment_embeddings 2 needs the data to provide segment_ids (0 turns them off): no"
                + " field named 'segment_ids'; fields: [tokens, token_mask, label, label_mask]"),
        config(
            "encoder: task tag on a classification dataset",
            encoder("param { name: \"task\" text: \"tag\" }"),
            F + ":2:1: model.param.tags: must be >= 1 for task tag, found 0"));
  }
}
