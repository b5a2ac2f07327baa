package dev.auxloss.nlp.metric;

import dev.auxloss.api.metric.Accuracy;
import dev.auxloss.api.metric.MetricFactory;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.nlp.data.TextDataset;

/**
 * The NLP metrics' factories, each with its key and parameters declared once. When the experiment
 * names no metric, a text classifier ({@code text-lm}) reports {@code nlp.accuracy} and a tagger
 * ({@code text-tagger}) {@code nlp.token_accuracy} (as {@code accuracy}) and {@code
 * nlp.tag_macro_f1}.
 *
 * <pre>{@code
 * training { metric { key: "nlp.span_f1" param { name: "tag_names" text: "O,B-PER,I-PER,B-LOC,I-LOC" } } }
 * }</pre>
 */
public final class NlpMetrics {
  public static final String ACCURACY_KEY = "nlp.accuracy";
  public static final String TOKEN_ACCURACY_KEY = "nlp.token_accuracy";
  public static final String TAG_MACRO_F1_KEY = "nlp.tag_macro_f1";

  static final Param<String> LOGITS =
      Param.text("endpoint", "logits", "the endpoint scored, [..., classes]");
  static final Param<String> LABEL =
      Param.text("label", "label", "the field of true class indices");
  static final Param<String> TAGS = Param.text("tags", "tags", "the field of true tag ids, [time]");
  static final Param<String> MASK =
      Param.text(
          "mask", TextDataset.TOKEN_MASK, "the field marking real tokens (1) and padding (0)");
  static final Param<Integer> NONE_TAG =
      Param.integer(
              "none_tag",
              0,
              "the tag meaning 'nothing to mark', left out of the mean; -1: every tag counts")
          .atLeast(-1);
  static final Param<String> TAG_NAMES =
      Param.text("tag_names", "", "the tags in id order, BIO or BIOES (O,B-PER,I-PER)")
          .check(TagScheme::valid, TagScheme.RULE)
          .required("O,B-PER,I-PER,B-LOC,I-LOC");

  public static final MetricFactory ACCURACY =
      MetricFactory.of(
          Descriptor.builder(ACCURACY_KEY)
              .summary("share of arg-max predictions equal to the label (a text classifier)")
              .params(LOGITS, LABEL)
              .build(),
          p -> new Accuracy("accuracy", p.get(LOGITS), p.get(LABEL), ""));

  public static final MetricFactory TOKEN_ACCURACY =
      MetricFactory.of(
          Descriptor.builder(TOKEN_ACCURACY_KEY)
              .summary("share of real tokens whose arg-max tag is right (reported as accuracy)")
              .params(LOGITS, TAGS, MASK)
              .build(),
          p -> new Accuracy("accuracy", p.get(LOGITS), p.get(TAGS), p.get(MASK)));

  public static final MetricFactory TAG_MACRO_F1 =
      MetricFactory.of(
          Descriptor.builder(TAG_MACRO_F1_KEY)
              .summary("mean F1 of the tags that occur, none_tag left out (macro_f1)")
              .params(LOGITS, TAGS, MASK, NONE_TAG)
              .build(),
          p -> new TagMacroF1(p.get(LOGITS), p.get(TAGS), p.get(MASK), p.get(NONE_TAG)));

  public static final MetricFactory SPAN_F1 =
      MetricFactory.of(
          Descriptor.builder("nlp.span_f1")
              .summary("F1 of BIO/BIOES spans: type and both boundaries must match (span_f1)")
              .paper("Tjong Kim Sang & De Meulder 2003 (CoNLL, conlleval)")
              .params(TAG_NAMES, LOGITS, TAGS, MASK)
              .build(),
          p -> new SpanF1(p.get(LOGITS), p.get(TAGS), p.get(MASK), p.get(TAG_NAMES)));

  private NlpMetrics() {}
}
