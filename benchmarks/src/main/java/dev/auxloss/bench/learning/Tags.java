package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import java.util.Iterator;

/** Facts about a tagging dataset's {@code tags} field, for scale beside a tagger's accuracy. */
public final class Tags {
  private Tags() {}

  /**
   * Share of real tokens of a split whose tag is {@code tag} (tag 0: the always-0 predictor's token
   * accuracy).
   */
  public static double share(Dataset data, Split split, int tag) {
    double hit = 0;
    double count = 0;
    for (Iterator<Batch> it = data.batches(split, 256, 1); it.hasNext(); ) {
      Batch batch = it.next();
      int[] tags = ((HostTensor.Ints) batch.get("tags")).values();
      float[] mask = ((HostTensor.Floats) batch.get("token_mask")).values();
      for (int i = 0; i < tags.length; i++) {
        if (tags[i] == tag) hit += mask[i];
        count += mask[i];
      }
    }
    return hit / count;
  }
}
