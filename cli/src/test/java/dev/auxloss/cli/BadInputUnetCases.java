package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.train;

import java.util.List;

/**
 * Issue 17, item 2: a unet whose parameters break a rule across them is refused before training,
 * naming the field, the value and the rule.
 */
final class BadInputUnetCases {
  private BadInputUnetCases() {}

  private static final String UNET =
      """
      name: "badinput"
      model {
        name: "unet"
        param { name: "levels" number: 3 }
        param { name: "base_width" number: 24 }
        param { name: "norm" text: "group" }
      }
      data { dataset: "synthetic-seg" batch_size: 8 }
      loss { key: "vision.cross_entropy" param { name: "label" text: "seg_label" } }
      """;

  private static final String RULE =
      "model.param.base_width: group norm needs min(32, width) to divide each level's width, but"
          + " level 1 has 48 filters; found 24";

  static List<BadInputCase> cases() {
    return List.of(
        config("unet base width whose level widths 32 groups cannot split", UNET, RULE),
        train("unet base width whose level widths 32 groups cannot split (train)", UNET, RULE));
  }
}
