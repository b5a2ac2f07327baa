package dev.auxloss.cli.predict;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.auxloss.api.data.HostTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns a batch of served outputs into one JSON line per example, by each output's rank: [B, K]
 * class scores give the class (its name from the export's {@code labels.txt} when there is one),
 * its index and the softmax probabilities; [B, T, V] give a tag per token (cut at the token mask
 * when the batch has one); [B, H, W, K] give a class per pixel, written as a grey PNG whose value
 * is the class index; [B] gives the value. With several outputs each goes under its own name.
 *
 * <pre>{@code
 * {"id":0,"class":"bag","label":0,"probabilities":[0.91,0.06,0.03]}
 * }</pre>
 */
public final class Predictions {
  private final Writer out;
  private final List<String> classNames;
  private final Path masks; // where segmentation masks go, created on first use
  private final Gson gson = new Gson();

  public Predictions(Writer out, List<String> classNames, Path masks) {
    this.out = out;
    this.classNames = classNames;
    this.masks = masks;
  }

  /**
   * Writes the batch's examples; {@code ids} names each ({@code "id"} index or {@code "path"}),
   * {@code tokenMask} (or null) cuts tag sequences.
   */
  public void write(
      List<Map.Entry<String, Object>> ids,
      Map<String, HostTensor.Floats> outputs,
      HostTensor.Floats tokenMask)
      throws IOException {
    for (int b = 0; b < ids.size(); b++) {
      JsonObject line = new JsonObject();
      Map.Entry<String, Object> id = ids.get(b);
      if (id.getValue() instanceof Number n) line.addProperty(id.getKey(), n);
      else line.addProperty(id.getKey(), String.valueOf(id.getValue()));
      for (Map.Entry<String, HostTensor.Floats> o : outputs.entrySet()) {
        JsonObject target = line;
        if (outputs.size() > 1) {
          target = new JsonObject();
          line.add(o.getKey(), target);
        }
        describe(target, o.getValue(), b, tokenMask, id.getValue() + "-" + o.getKey());
      }
      out.write(gson.toJson(line));
      out.write('\n');
    }
  }

  private void describe(
      JsonObject target, HostTensor.Floats t, int b, HostTensor.Floats tokenMask, String stem)
      throws IOException {
    long[] s = t.shape().asArray();
    float[] v = t.values();
    switch (s.length) {
      case 1 -> target.addProperty("value", v[b]);
      case 2 -> {
        int k = (int) s[1];
        double[] p = softmax(v, b * k, k);
        int best = argMax(v, b * k, k);
        target.addProperty("class", name(best));
        target.addProperty("label", best);
        JsonArray probs = new JsonArray();
        for (double x : p) probs.add(Math.round(x * 1e6) / 1e6);
        target.add("probabilities", probs);
      }
      case 3 -> {
        int steps = (int) s[1];
        int k = (int) s[2];
        JsonArray tags = new JsonArray();
        for (int i = 0; i < steps; i++) {
          if (tokenMask != null && tokenMask.values()[b * steps + i] == 0) continue;
          tags.add(name(argMax(v, (b * steps + i) * k, k)));
        }
        target.add("tags", tags);
      }
      case 4 ->
          target.addProperty(
              "mask", writeMask(v, b, (int) s[1], (int) s[2], (int) s[3], stem).toString());
      default ->
          throw new IllegalStateException(
              "an output of rank " + s.length + " has no prediction format");
    }
  }

  private Path writeMask(float[] v, int b, int h, int w, int k, String stem) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++)
        img.getRaster().setSample(x, y, 0, Math.min(255, argMax(v, ((b * h + y) * w + x) * k, k)));
    }
    Files.createDirectories(masks);
    Path file = masks.resolve(stem.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  private String name(int label) {
    return label < classNames.size() ? classNames.get(label) : String.valueOf(label);
  }

  static int argMax(float[] v, int from, int k) {
    int best = 0;
    for (int i = 1; i < k; i++) if (v[from + i] > v[from + best]) best = i;
    return best;
  }

  static double[] softmax(float[] v, int from, int k) {
    double max = v[from + argMax(v, from, k)];
    double[] p = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) sum += p[i] = Math.exp(v[from + i] - max);
    for (int i = 0; i < k; i++) p[i] /= sum;
    return p;
  }
}
