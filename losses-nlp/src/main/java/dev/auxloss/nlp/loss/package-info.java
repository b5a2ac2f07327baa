/**
 * The {@code nlp.*} loss terms. Each declares its parameters once as {@code public static final
 * Param}s (name, default from the paper, rule, doc), contributes a {@code FACTORY} whose descriptor
 * lists them, and is a record of a {@code Config} checked by those same Params. It builds its ops
 * when asked and returns a float32 scalar that is a mean (over labelled examples, real tokens or
 * layers), so it never depends on the batch size.
 *
 * <table>
 *   <caption>Keys, roles and default weights</caption>
 *   <tr><th>key</th><th>role</th><th>weight</th><th>paper</th></tr>
 *   <tr><td>{@code nlp.cross_entropy}</td><td>primary</td><td>1</td><td>—</td></tr>
 *   <tr><td>{@code nlp.tagging_cross_entropy}</td><td>primary</td><td>1</td><td>Rei 2017 (softmax output)</td></tr>
 *   <tr><td>{@code nlp.next_token}</td><td>auxiliary</td><td>0.5</td><td>Radford et al. 2018</td></tr>
 *   <tr><td>{@code nlp.rei_lm}</td><td>auxiliary</td><td>0.1</td><td>Rei 2017</td></tr>
 *   <tr><td>{@code nlp.mlm}</td><td>auxiliary</td><td>1</td><td>Devlin et al. 2019</td></tr>
 *   <tr><td>{@code nlp.electra_rtd}</td><td>auxiliary</td><td>1 (λ = 50 inside)</td><td>Clark et al. 2020</td></tr>
 *   <tr><td>{@code nlp.mtp}</td><td>auxiliary</td><td>0.3 (0.1 later)</td><td>DeepSeek-AI 2024</td></tr>
 *   <tr><td>{@code nlp.simcse}</td><td>auxiliary</td><td>1</td><td>Gao et al. 2021</td></tr>
 *   <tr><td>{@code nlp.sentence_order}</td><td>auxiliary</td><td>1</td><td>Lan et al. 2020</td></tr>
 *   <tr><td>{@code nlp.switch_load_balance}</td><td>regularizer</td><td>0.01</td><td>Fedus et al. 2021</td></tr>
 *   <tr><td>{@code nlp.router_z_loss}</td><td>regularizer</td><td>0.001</td><td>Zoph et al. 2022</td></tr>
 *   <tr><td>{@code nlp.softmax_z_loss}</td><td>regularizer</td><td>0.0001</td><td>Chowdhery et al. 2022</td></tr>
 * </table>
 */
package dev.auxloss.nlp.loss;
