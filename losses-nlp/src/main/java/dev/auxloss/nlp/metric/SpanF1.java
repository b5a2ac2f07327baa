package dev.auxloss.nlp.metric;

import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricContext;
import dev.auxloss.api.metric.MetricOps;
import dev.auxloss.api.metric.MetricTotals;
import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Span F1 over chunks, as conlleval scores CoNLL tagging: the tags (BIO or BIOES, {@link
 * TagScheme}) are read as spans, and a predicted span counts only when a gold span has the same
 * type and both the same first and last token. F1 = 2·correct / (predicted spans + gold spans) over
 * the split (micro, conlleval's overall FB1). Tokens outside {@code mask} are {@code O}.
 *
 * <p>Boundaries, per token with its neighbours ({@code O} beyond the sequence), as conlleval's
 * startOfChunk/endOfChunk with the S- tag: a span starts at B or S, at I or E after O, E or S, and
 * wherever the type changes; it ends at E or S, at B or I before B, S or O, and before a type
 * change. A stray I- starts a span, as in conlleval.
 *
 * <p>Example (O,B-PER,I-PER,B-LOC): gold [B-PER I-PER O B-LOC], predicted [B-PER O O B-LOC]: gold
 * spans PER(0-1), LOC(3); predicted PER(0), LOC(3); one correct → F1 = 2·1 / (2 + 2) = 0.5. Empty
 * when the split has neither a gold nor a predicted span; 0 when only one side has spans.
 */
public record SpanF1(String logits, String tags, String mask, String tagNames)
    implements AuxMetric {
  public SpanF1 {
    if (!TagScheme.valid(tagNames))
      throw new IllegalArgumentException(
          "tag_names " + TagScheme.RULE + ", found '" + tagNames + "'");
  }

  @Override
  public String name() {
    return "span_f1";
  }

  @Override
  public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
    Ops tf = ctx.tf();
    TagScheme scheme = TagScheme.parse(tagNames).orElseThrow();
    MetricOps.Predictions p = MetricOps.predictions(ctx, logits, tags, mask);
    if (p.classes() != scheme.size()) {
      throw new IllegalArgumentException(
          "tag_names lists "
              + scheme.size()
              + " tags but endpoint '"
              + logits
              + "' scores "
              + p.classes());
    }
    Spans predicted = spans(tf, scheme, p.predicted(), p.weight());
    Spans gold = spans(tf, scheme, p.target(), p.weight());
    Operand<TBool> same =
        tf.math.logicalAnd(
            tf.math.logicalAnd(predicted.start, gold.start),
            tf.math.logicalAnd(
                tf.math.equal(predicted.type, gold.type), tf.math.equal(predicted.end, gold.end)));
    return Map.of(
        "correct",
        count(tf, same),
        "predicted",
        count(tf, predicted.start),
        "gold",
        count(tf, gold.start));
  }

  @Override
  public OptionalDouble result(MetricTotals totals) {
    double spans = totals.scalar("predicted") + totals.scalar("gold");
    return spans > 0
        ? OptionalDouble.of(2 * totals.scalar("correct") / spans)
        : OptionalDouble.empty();
  }

  /**
   * Per token [batch, time]: does a span start here, its type, and the token where that span ends.
   */
  private record Spans(Operand<TBool> start, Operand<TInt32> type, Operand<TFloat32> end) {}

  private static Spans spans(
      Ops tf, TagScheme scheme, Operand<TInt32> ids, Operand<TFloat32> weight) {
    // Masked tokens are O: prefix and type 0.
    Operand<TInt32> real = tf.dtypes.cast(tf.math.greater(weight, tf.constant(0f)), TInt32.class);
    Operand<TInt32> prefix =
        tf.math.mul(tf.gather(tf.constant(scheme.prefixes()), ids, tf.constant(0)), real);
    Operand<TInt32> type =
        tf.math.mul(tf.gather(tf.constant(scheme.types()), ids, tf.constant(0)), real);
    Operand<TInt32> prevPrefix = shift(tf, prefix, true);
    Operand<TInt32> prevType = shift(tf, type, true);
    Operand<TInt32> nextPrefix = shift(tf, prefix, false);
    Operand<TInt32> nextType = shift(tf, type, false);
    Operand<TBool> inSpan = tf.math.notEqual(prefix, tf.constant(TagScheme.O));
    Operand<TBool> start =
        or(
            tf,
            is(tf, prefix, TagScheme.B, TagScheme.S),
            and(
                tf,
                is(tf, prefix, TagScheme.I, TagScheme.E),
                is(tf, prevPrefix, TagScheme.O, TagScheme.E, TagScheme.S)),
            and(tf, inSpan, tf.math.notEqual(prevType, type)));
    Operand<TBool> end =
        or(
            tf,
            is(tf, prefix, TagScheme.E, TagScheme.S),
            and(
                tf,
                is(tf, prefix, TagScheme.B, TagScheme.I),
                is(tf, nextPrefix, TagScheme.B, TagScheme.S, TagScheme.O)),
            and(tf, inSpan, tf.math.notEqual(type, nextType)));
    return new Spans(start, type, firstEndFrom(tf, end));
  }

  /**
   * For each token s, the first token k >= s where a span ends (the sequence length when none): the
   * end of the span starting at s. A [batch, time, time] comparison: sequences are short.
   */
  private static Operand<TFloat32> firstEndFrom(Ops tf, Operand<TBool> end) {
    Operand<TInt32> time = tf.gather(tf.shape(end), tf.constant(1), tf.constant(0)); // a scalar
    Operand<TFloat32> k =
        tf.dtypes.cast(tf.range(tf.constant(0), time, tf.constant(1)), TFloat32.class);
    Operand<TFloat32> never = tf.dtypes.cast(time, TFloat32.class);
    // candidate[b, s, k] = k when k >= s and a span ends at k, else the length
    Operand<TBool> after =
        tf.math.greaterEqual(tf.expandDims(k, tf.constant(0)), tf.expandDims(k, tf.constant(1)));
    Operand<TBool> ends = tf.expandDims(end, tf.constant(1));
    Operand<TBool> both = tf.math.logicalAnd(tf.expandDims(after, tf.constant(0)), ends);
    Operand<TFloat32> hit = tf.dtypes.cast(both, TFloat32.class);
    Operand<TFloat32> candidate =
        tf.math.add(tf.math.mul(hit, k), tf.math.mul(tf.math.sub(tf.constant(1f), hit), never));
    return tf.min(candidate, tf.constant(2));
  }

  /**
   * The neighbour along time: the previous token ({@code back}) or the next, O (0) beyond the
   * sequence.
   */
  private static Operand<TInt32> shift(Ops tf, Operand<TInt32> x, boolean back) {
    Operand<TInt32> zero =
        tf.zerosLike(tf.slice(x, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 1})));
    // Pad one O on the side the neighbour comes from, then take [batch, time] from the other end.
    Operand<TInt32> padded =
        tf.concat(back ? java.util.List.of(zero, x) : java.util.List.of(x, zero), tf.constant(1));
    return tf.slice(padded, tf.constant(new int[] {0, back ? 0 : 1}), tf.shape(x));
  }

  private static Operand<TBool> is(Ops tf, Operand<TInt32> prefix, int... codes) {
    Operand<TBool> out = null;
    for (int c : codes) {
      Operand<TBool> eq = tf.math.equal(prefix, tf.constant(c));
      out = out == null ? eq : tf.math.logicalOr(out, eq);
    }
    return out;
  }

  private static Operand<TBool> and(Ops tf, Operand<TBool> a, Operand<TBool> b) {
    return tf.math.logicalAnd(a, b);
  }

  @SafeVarargs
  private static Operand<TBool> or(Ops tf, Operand<TBool>... xs) {
    Operand<TBool> out = xs[0];
    for (int i = 1; i < xs.length; i++) out = tf.math.logicalOr(out, xs[i]);
    return out;
  }

  private static Operand<TFloat32> count(Ops tf, Operand<TBool> x) {
    return MetricOps.total(tf, tf.dtypes.cast(x, TFloat32.class));
  }
}
