package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.Example;

/**
 * {@code data.on_bad_example: SKIP} still stops on what skipping cannot mend (issue #16 item 8): a
 * split whose every example is bad, and a policy that is not FAIL or SKIP.
 */
final class BadInputSkipCases {
  private BadInputSkipCases() {}

  static List<BadInputCase> cases() {
    List<Example> bad = new ArrayList<>();
    for (int i = 0; i < 3; i++)
      bad.add(
          BadInputTfRecordCases.with(
              BadInputTfRecordCases.example(i), "label", BadInputTfRecordCases.int64(12)));
    return List.of(
        config(
                "on_bad_example SKIP: a split whose every record is bad",
                BadInputTfRecordCases.CONFIG.replace(
                    "batch_size: 2", "batch_size: 2 on_bad_example: SKIP"),
                "data.param",
                "split train has no examples: every record of its 1 file(s) is bad")
            .withInputs(BadInputTfRecordCases.train(BadInputTfRecordCases.records(bad))),
        config(
            "on_bad_example: an unknown policy",
            "data { dataset: \"synthetic-images\" on_bad_example: DROP }\n",
            "DROP"));
  }
}
