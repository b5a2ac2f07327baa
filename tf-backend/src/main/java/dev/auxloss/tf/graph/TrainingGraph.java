package dev.auxloss.tf.graph;

import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The built training graph: what the trainer feeds, the one train op, and every scalar fetched in
 * the same run.
 *
 * @param feeds one placeholder per batch field
 * @param trainOp forward + every term + weighting + update + step increment
 * @param telemetry every scalar a summary step fetches ({@code loss/total}, {@code lr}, {@code
 *     term/...})
 * @param termValues raw value per term, for the non-finite guard
 * @param weightOverrides per term: a run-time multiplier defaulting to 1
 * @param evalSums sums over an evaluation batch ({@code examples}, {@code loss/<primary term>} ×
 *     batch), built on a second, inference-mode pass sharing the variables
 * @param evalMetrics the plan's metrics on that pass, with the statistics to sum per batch
 * @param evalOutputs the served outputs of that inference-mode pass
 * @param evalEndpoints every endpoint that pass published (e.g. {@code
 *     moe/<layer>/expert_fraction}), fetchable with a batch's feeds
 * @param inputsUsed the fields the model reads (the serving inputs)
 * @param initFrom what {@code training.init_from} restores before step 1 of a new run, or null
 * @param everyStep the keys of {@code telemetry} every step fetches: what the trainer reads each
 *     step (term values and weights, the total, lr, skipped; grad norms when the zero-gradient
 *     alarm is on). The rest (the strategy's own scalars) is fetched on summary steps only, so the
 *     ops that feed nothing else do not run on the others.
 */
public record TrainingGraph(
    Graph graph,
    Map<String, Placeholder<?>> feeds,
    Op trainOp,
    Operand<TInt64> step,
    Map<String, Operand<TFloat32>> telemetry,
    Map<String, Operand<TFloat32>> termValues,
    Map<String, PlaceholderWithDefault<TFloat32>> weightOverrides,
    Map<String, Operand<TFloat32>> evalSums,
    List<EvalMetric> evalMetrics,
    Map<String, Operand<?>> evalOutputs,
    Map<String, Operand<?>> evalEndpoints,
    List<String> inputsUsed,
    List<String> variableNames,
    InitFromReport initFrom,
    List<String> everyStep) {
  /** The op restoring {@code training.init_from}'s variables (present when it restores any). */
  public static final String INIT_FROM_RESTORE = InitFromStage.RESTORE;
}
