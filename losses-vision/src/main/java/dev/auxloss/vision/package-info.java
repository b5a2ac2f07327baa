/**
 * The vision catalog of auxloss: {@link dev.auxloss.vision.VisionLossesModule} contributes the
 * deep-supervision, segmentation, self-supervised and regulariser losses ({@code vision.*}), the
 * reference models ({@code cnn-ds}, {@code deep-plain}, {@code seg-net}, {@code resnet}, {@code
 * unet}) and the datasets ({@code fashion-mnist}, {@code fashion-mnist-seg}, {@code
 * synthetic-images}, {@code synthetic-seg}).
 *
 * <p>Subpackages: {@code losses} (one record per loss, its defaults and paper), {@code models},
 * {@code data} (IDX reader, datasets, synthetic generator) and {@code ops} (shared graph math).
 */
package dev.auxloss.vision;
