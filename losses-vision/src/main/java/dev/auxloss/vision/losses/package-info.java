/**
 * The vision losses. Each is a record implementing {@link dev.auxloss.api.loss.AuxLoss}: it holds
 * only its validated parameters and builds ops when asked. Each parameter is a {@link
 * dev.auxloss.api.params.Param} constant on the record, declared once with its default, rule and
 * doc; the {@code DESCRIPTOR} lists them, the {@code FACTORY} only reads them, and the record's
 * constructor checks the same rules through {@code Param.validate}, so docs, {@code list-losses},
 * config validation and code-built losses cannot drift apart.
 *
 * <ul>
 *   <li>primary: {@code vision.cross_entropy} (label mask, label smoothing)
 *   <li>deep supervision: {@code vision.aux_classifier} (GoogLeNet, 0.3), {@code
 *       vision.dsn_companion} (Lee 2015)
 *   <li>segmentation: {@code vision.seg_aux_head} (PSPNet, 0.4), {@code vision.hed} (Xie &amp; Tu
 *       2015), {@code vision.multiscale_ds} (nnU-Net)
 *   <li>self-supervised: {@code vision.rotation} (Gidaris 2018, S4L), {@code
 *       vision.reconstruction}, {@code vision.nt_xent} (SimCLR / SupCon)
 *   <li>regularisers: {@code vision.label_smoothing} (Szegedy 2016, 0.1), {@code
 *       vision.confidence_penalty} (Pereyra 2017)
 * </ul>
 *
 * <p>Every value is a float32 scalar averaged over the batch. Heads are built with {@link
 * dev.auxloss.api.loss.LossContext#layers()}, so their variables are train-only and never exported.
 */
package dev.auxloss.vision.losses;
