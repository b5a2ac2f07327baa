/**
 * Vision datasets: an {@link dev.auxloss.vision.data.IdxReader} for (Fashion-)MNIST files with
 * validation that names the file, Fashion-MNIST for classification and segmentation from the Debian
 * package {@code dataset-fashion-mnist}, and a built-in synthetic generator so nothing needs to be
 * installed; {@code image-folder} and {@code segmentation-folder} read your own files (their split
 * layout shared in {@link dev.auxloss.vision.data.FolderSplits}). All serve {@code image}, {@code
 * label_mask}, {@code label} (but {@code segmentation-folder}, whose masks are its labels) and, for
 * segmentation, {@code seg_label}; the built-in sets keep labels on a seeded, class-stratified
 * {@code label_fraction} of the training split.
 */
package dev.auxloss.vision.data;
