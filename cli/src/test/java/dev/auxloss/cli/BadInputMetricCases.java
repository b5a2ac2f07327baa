package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.train;
import static dev.auxloss.cli.BadInputConfigCases.F;
import static dev.auxloss.cli.BadInputConfigCases.with;

import java.util.List;

/**
 * Issue 15, item 2: bad training.metric blocks, refused before training with the field, the value
 * and the rule.
 */
final class BadInputMetricCases {
  private BadInputMetricCases() {}

  static List<BadInputCase> cases() {
    return List.of(
        config(
            "unknown metric key, with the nearest",
            with("training { metric { key: \"vision.acuracy\" } }"),
            F
                + ":11:21: training.metric[0].key: unknown metric 'vision.acuracy'; did you mean 'vision.accuracy'?",
            "known metrics: ",
            "nlp.span_f1",
            "vision.top_k_accuracy"),
        train(
            "unknown metric key (train)",
            with("training { metric { key: \"vision.acuracy\" } }"),
            "training.metric[0].key: unknown metric 'vision.acuracy'; did you mean 'vision.accuracy'?"),
        config(
            "metric without a key",
            with("training { metric { name: \"x\" } }"),
            F + ":11:",
            "training.metric[0].key: is required; known metrics: "),
        config(
                "every bad metric param, collected",
                with(
                    "training { metric { key: \"vision.top_k_accuracy\" param { name: \"k\" number: 0 }"
                        + " param { name: \"kk\" number: 1 } } }"),
                "training.metric[0].param.k: must be >= 1, found 0",
                "training.metric[0].param.kk: unknown parameter 'kk'; did you mean 'k'?")
            .withErrorLines(2),
        config(
            "span F1 without its tag names",
            with("training { metric { key: \"nlp.span_f1\" } }"),
            F + ":11:",
            "training.metric[0].param.tag_names",
            "O,B-PER,I-PER"),
        config(
            "span F1 with tags that are not chunk tags",
            with(
                "training { metric { key: \"nlp.span_f1\" param { name: \"tag_names\" text: \"O,PER\" } } }"),
            "training.metric[0].param.tag_names: must be comma-separated tags, each O or B-, I-, E-, S- and a type",
            "O,PER"),
        config(
            "two metrics reported under one name",
            with(
                "training { metric { key: \"vision.accuracy\" } metric { key: \"nlp.accuracy\" } }"),
            "training.metric[1].name: duplicate metric name 'accuracy' (also training.metric[0]); give one of them a name"),
        // Known only once the graph exists: a classifier's data has no class maps.
        config(
            "a named metric the data cannot feed",
            with("training { metric { key: \"vision.mean_iou\" } }"),
            "training.metric[0] (mean_iou): metric 'vision.mean_iou' failed to build: no field named 'seg_label'",
            "fields: [image, label, label_mask]"));
  }
}
