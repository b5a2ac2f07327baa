/**
 * Vision datasets: an {@link dev.auxloss.vision.data.IdxReader} for (Fashion-)MNIST files with
 * validation that names the file, Fashion-MNIST for classification and segmentation from the Debian
 * package {@code dataset-fashion-mnist}, and a built-in synthetic generator so nothing needs to be
 * installed. All serve {@code image}, {@code label}, {@code label_mask} (and {@code seg_label}) and
 * keep labels on a seeded, class-stratified {@code label_fraction} of the training split.
 */
package dev.auxloss.vision.data;
