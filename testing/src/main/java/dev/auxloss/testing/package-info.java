/**
 * Test helpers for plugin authors (artifact {@code dev.auxloss:auxloss-testing}, test scope): what
 * auxloss's own loss and model tests use.
 *
 * <ul>
 *   <li>{@link dev.auxloss.testing.LossHarness}: a loss term's value and gradient on fed endpoints
 *       and labels, checked against finite differences, outside any training run;
 *   <li>{@link dev.auxloss.testing.MetricHarness}: a metric's value over fed batches, as an
 *       evaluation sums its statistics and finishes it;
 *   <li>{@link dev.auxloss.testing.Ref}: plain-Java reference math (softmax cross-entropy, dense,
 *       convolution, layer norm...) to compute the expected numbers independently of TensorFlow;
 *   <li>{@link dev.auxloss.testing.MiniTrainer}: a small SGD/Adam trainer showing that a model, a
 *       dataset and weighted terms learn together;
 *   <li>{@link dev.auxloss.testing.OneRun} and {@link dev.auxloss.testing.VariableGradients}:
 *       several tensors from one run (one random draw), gradients with respect to a head's
 *       variables.
 * </ul>
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.auxloss</groupId><artifactId>auxloss-testing</artifactId>
 *   <version>${auxloss.version}</version><scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * It runs the TensorFlow backend (natives included), so it belongs in test scope only.
 */
package dev.auxloss.testing;
