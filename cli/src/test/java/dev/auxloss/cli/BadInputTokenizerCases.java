package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.directory;
import static dev.auxloss.cli.BadInputCase.file;
import static dev.auxloss.cli.BadInputCase.train;

import java.util.List;

/**
 * Issue 16 item 6: a text dataset's {@code tokenizer} naming a subword tokenizer file that is
 * missing, not a file, or not of its kind; the error names the param and the path, before training.
 */
final class BadInputTokenizerCases {
  private BadInputTokenizerCases() {}

  static final String DIR = BadInputCase.DIR;

  /** A text classifier on {dir}/train.jsonl whose tokenizer param is %s. */
  static final String TEXT =
      """
      name: "tok"
      model { name: "text-lm" param { name: "dim" number: 8 } param { name: "heads" number: 1 }
              param { name: "layers" number: 1 } }
      data {
        dataset: "text-classification"
        batch_size: 2
        param { name: "train" text: "{dir}/train.jsonl" }
        param { name: "validation_split" number: 0.25 }
        param { name: "seq_len" number: 8 }
        param { name: "tokenizer" text: "%s" }
      }
      loss { key: "nlp.cross_entropy" }
      training { steps: 1 }
      """;

  static final BadInputCase.Inputs JSONL =
      file(
          "train.jsonl",
          """
          {"text": "the cat", "label": "a"}
          {"text": "a dog", "label": "b"}
          {"text": "the mat", "label": "a"}
          {"text": "a log", "label": "b"}
          """);

  static List<BadInputCase> cases() {
    return List.of(
        train(
                "tokenizer: tokenizer.json missing",
                TEXT.formatted("hf:" + DIR + "/nope.json"),
                "data.param.tokenizer",
                "tokenizer file " + DIR + "/nope.json: no such file")
            .withInputs(JSONL),
        train(
                "tokenizer: wordpiece vocab.txt is a directory",
                TEXT.formatted("wordpiece:" + DIR + "/vocab"),
                "data.param.tokenizer",
                "tokenizer file " + DIR + "/vocab: is a directory, not a file")
            .withInputs(JSONL.and(directory("vocab"))),
        train(
                "tokenizer: tokenizer.json the library cannot parse",
                TEXT.formatted("hf:" + DIR + "/tokenizer.json"),
                "data.param.tokenizer",
                "tokenizer file " + DIR + "/tokenizer.json: not a tokenizer.json")
            .withInputs(
                JSONL.and(
                    file(
                        "tokenizer.json",
                        "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}"))),
        train(
                "tokenizer: vocab.txt without [UNK]",
                TEXT.formatted("wordpiece:" + DIR + "/vocab.txt"),
                "data.param.tokenizer",
                "WordPiece vocabulary " + DIR + "/vocab.txt: has no [UNK] line")
            .withInputs(JSONL.and(file("vocab.txt", "the\ncat\n"))),
        train(
                "tokenizer: unknown kind",
                TEXT.formatted("sentencepiece:" + DIR + "/m.model"),
                "data.param.tokenizer",
                "must be word, char, hf:<path to tokenizer.json> or wordpiece:<path to vocab.txt>",
                "found 'sentencepiece:" + DIR + "/m.model'")
            .withInputs(JSONL));
  }
}
