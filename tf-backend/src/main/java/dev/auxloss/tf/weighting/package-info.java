/**
 * Built-in weighting strategies, each a graph-building {@link
 * dev.auxloss.api.weighting.WeightingStrategy} that runs inside the single training step: forward,
 * every loss, the gradients, the weighting and the optimizer update are one {@code Session.run}.
 * Every solver is plain ops unrolled in Java (no While/If, no second-order gradients, no host round
 * trip).
 *
 * <table>
 *   <caption>Strategies by key (defaults from the papers)</caption>
 *   <tr><th>key</th><th>class</th><th>what it does</th></tr>
 *   <tr><td>{@code static}</td><td>{@link dev.auxloss.tf.weighting.StaticWeighting}</td>
 *       <td>Σ wᵢ·Lᵢ, one backward pass (the default)</td></tr>
 *   <tr><td>{@code uncertainty}</td><td>{@link dev.auxloss.tf.weighting.UncertaintyWeighting}</td>
 *       <td>learned log-variances, exp(−s)·L + s, s in [−10, 10] (Kendall et al. 2018)</td></tr>
 *   <tr><td>{@code gradnorm}</td><td>{@link dev.auxloss.tf.weighting.GradNormWeighting}</td>
 *       <td>weights follow training rates, α = 1.5, closed-form update (Chen et al. 2018)</td></tr>
 *   <tr><td>{@code dwa}</td><td>{@link dev.auxloss.tf.weighting.DwaWeighting}</td>
 *       <td>softmax of loss ratios, T = 2 (Liu, Johns &amp; Davison 2019)</td></tr>
 *   <tr><td>{@code pcgrad}</td><td>{@link dev.auxloss.tf.weighting.PcGradWeighting}</td>
 *       <td>projects conflicting gradients, in a random order per step ({@code order: random}, the
 *       default; {@code cyclic} optional) (Yu et al. 2020)</td></tr>
 *   <tr><td>{@code cagrad}</td><td>{@link dev.auxloss.tf.weighting.CaGradWeighting}</td>
 *       <td>conflict-averse direction, c = 0.4 (Liu et al. 2021)</td></tr>
 *   <tr><td>{@code mgda}</td><td>{@link dev.auxloss.tf.weighting.MgdaWeighting}</td>
 *       <td>min-norm point of the gradient hull (Désidéri 2012; Sener &amp; Koltun 2018)</td></tr>
 *   <tr><td>{@code gradvac}</td><td>{@link dev.auxloss.tf.weighting.GradVacWeighting}</td>
 *       <td>EMA target cosines, β = 0.01, random order per step by default, {@code group: model |
 *       layer | variable} (Wang et al. 2021)</td></tr>
 *   <tr><td>{@code imtl-g}</td><td>{@link dev.auxloss.tf.weighting.ImtlGradWeighting}</td>
 *       <td>equal projections on unit gradients, closed form (Liu et al. 2021)</td></tr>
 *   <tr><td>{@code nash-mtl}</td><td>{@link dev.auxloss.tf.weighting.NashMtlWeighting}</td>
 *       <td>Nash bargaining weights, damped Newton (Navon et al. 2022)</td></tr>
 *   <tr><td>{@code cosine-gating}</td>
 *       <td>{@link dev.auxloss.tf.weighting.CosineGatingWeighting}</td>
 *       <td>an auxiliary counts only while its cosine to the primary is &gt; 0 (Du 2018)</td>
 *   </tr>
 *   <tr><td>{@code primary-projection}</td>
 *       <td>{@link dev.auxloss.tf.weighting.PrimaryProjectionWeighting}</td>
 *       <td>a conflicting auxiliary is projected onto the primary's normal plane</td></tr>
 *   <tr><td>{@code rlw}</td><td>{@link dev.auxloss.tf.weighting.RlwWeighting}</td>
 *       <td>random weights, softmax of an N(0, 1) draw per step (Lin et al. 2022)</td></tr>
 *   <tr><td>{@code famo}</td><td>{@link dev.auxloss.tf.weighting.FamoWeighting}</td>
 *       <td>learned logits balance the log-losses' fall, O(1) per step (Liu et al. 2023)</td></tr>
 *   <tr><td>{@code metabalance}</td><td>{@link dev.auxloss.tf.weighting.MetaBalanceWeighting}</td>
 *       <td>auxiliary gradients scaled toward the primary's magnitude per variable, r = 0.7 (He et
 *       al. 2022)</td></tr>
 *   <tr><td>{@code db-mtl}</td><td>{@link dev.auxloss.tf.weighting.DbMtlWeighting}</td>
 *       <td>log losses, averaged gradients scaled to the largest magnitude, β = 0.9 (Lin et al.
 *       2023)</td></tr>
 *   <tr><td>{@code upgrad}</td><td>{@link dev.auxloss.tf.weighting.UpGradWeighting}</td>
 *       <td>each gradient projected onto the dual cone of all, averaged; exact QP in the graph
 *       (Quinton &amp; Rey 2024, TorchJD)</td></tr>
 *   <tr><td>{@code aligned-mtl}</td><td>{@link dev.auxloss.tf.weighting.AlignedMtlWeighting}</td>
 *       <td>gradients aligned to condition number 1 through the Gram eigendecomposition (Senushkin
 *       et al. 2023)</td></tr>
 * </table>
 *
 * <p><b>Conventions shared by all of them.</b>
 *
 * <ul>
 *   <li>A term's scheduled weight wᵢ (configured weight × schedule × override) multiplies whatever
 *       the strategy does: adaptive weights are reported as wᵢ·λᵢ, and gradient methods work on the
 *       weighted gradients wᵢ·∇Lᵢ, so a term scheduled to 0 takes no part.
 *   <li>Primary and auxiliary terms are balanced; regularizers keep their scheduled weight and are
 *       never compared or projected.
 *   <li>Gradients are compared on {@code ctx.comparedParameters()} (the shared variables),
 *       flattened and reduced to the m×m Gram matrix of the terms; every method solves on that
 *       matrix and returns coefficients of the term gradients. Variables outside the compared set
 *       (a head only one term reaches) get Σ wᵢ·∇Lᵢ; loss re-weighting methods apply their λ there
 *       too.
 *   <li>Methods that take per-term gradients (one backward pass per term, all in the same step)
 *       report {@code term/<name>/grad_norm}, {@code term/<name>/cosine} (to the primary gradient,
 *       the sum of the weighted primaries) and {@code term/<name>/conflict_rate} (running share of
 *       steps with a negative cosine, from the state variables {@code weighting/telemetry/...}),
 *       plus their own entries ({@code projected}, {@code gate}, {@code solver_weight}, {@code
 *       adaptive_weight}...).
 *   <li>State lives in checkpointed, train-only variables under {@code weighting/<key>/...}, one
 *       per term so checkpoints survive reordered terms; it changes only through {@link
 *       dev.auxloss.api.weighting.WeightingContext#assign}, which runs after the step's reads and
 *       is skipped with the rest of a non-finite step.
 *   <li>Each parameter is a {@link dev.auxloss.api.params.Param} declared once in its options
 *       record ({@code XxxWeighting.Options}), which validates through it; the framework checks a
 *       config against the descriptor's params and reports every bad one in one {@link
 *       dev.auxloss.api.params.ConfigException}.
 * </ul>
 *
 * <pre>{@code
 * WeightingStrategy s = PcGradWeighting.factory().create(Params.empty());
 * WeightingResult r = s.combine(ctx);   // gradients by variable, weights, telemetry
 * // v_main = (1, 0), v_aux = (−1, 1) on the shared weights → update (0.5, 1.5)
 * }</pre>
 */
package dev.auxloss.tf.weighting;
