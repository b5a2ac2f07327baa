/**
 * Reference text models built from statically shaped transformer blocks (no While loops, so every
 * gradient comes from TF's registry), with an optional mixture-of-experts feed-forward layer.
 *
 * <ul>
 *   <li>{@code text-lm} — token + position embeddings, causal (or bidirectional) pre-LN blocks,
 *       classification from the last real position; publishes {@code tokens/hidden} [B,T,D], {@code
 *       lm/logits} [B,T,V], {@code sentence/embedding} [B,D], {@code tokens/embedding_table} [V,D],
 *       {@code lm/output_weights} [D,V]; serves {@code logits} [B,classes].
 *   <li>{@code text-tagger} — a bi-causal (Rei 2017's BiLSTM made of a forward and a backward
 *       causal stack), bidirectional or causal encoder; serves per-token {@code logits} [B,T,tags].
 *   <li>{@code transformer-encoder} — a BERT-like encoder (post-LN by default, segment embeddings,
 *       [CLS] or mean pooling) publishing {@code layer<i>/features} per block, {@code sequence},
 *       {@code pooled} and what the NLP losses read; classifies or tags.
 * </ul>
 *
 * The padding mask is derived from the tokens ({@code PAD = 0}), so serving feeds {@code tokens}
 * only. MoE layers publish {@code moe/<layer>/router_logits} [B,T,E], {@code moe/<layer>/dispatch}
 * and {@code moe/<layer>/combine} [B,T,E,C], {@code moe/<layer>/expert_fraction} [E] and {@code
 * moe/<layer>/dropped_fraction} [].
 */
package dev.auxloss.nlp.model;
