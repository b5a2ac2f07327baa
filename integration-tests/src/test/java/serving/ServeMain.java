package serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A serving program that knows nothing of auxloss: plain TF Java loads the SavedModel, lists the
 * variables its graph holds and prints the predictions for the inputs in a text file. Run in a
 * separate JVM whose classpath holds only TensorFlow's jars and this class.
 *
 * <p>Args: exportDir inputName outputName inputsFile (first line: shape; second: values, read as
 * int32 when the signature's input is int32).
 */
public final class ServeMain {
  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[3]));
    long[] shape =
        java.util.Arrays.stream(lines.get(0).trim().split(" "))
            .mapToLong(Long::parseLong)
            .toArray();
    String[] vals = lines.get(1).trim().split(" ");
    float[] x = new float[vals.length];
    for (int i = 0; i < x.length; i++) x[i] = Float.parseFloat(vals[i]);
    try (SavedModelBundle b = SavedModelBundle.load(args[0], "serve")) {
      List<String> vars = new ArrayList<>();
      // a resource variable's identity is its shared_name (its checkpoint key), not its op name
      b.graph()
          .operations()
          .forEachRemaining(
              o -> {
                if (o.type().equals("VarHandleOp"))
                  vars.add(o.attributes().getAttrString("shared_name"));
                if (o.type().equals("VariableV2")) vars.add(o.name());
              });
      System.out.println("variables " + String.join(",", vars));
      System.out.println(
          "method " + b.signatures().get(0).methodName() + " key " + b.signatures().get(0).key());
      // an int32 input (token ids) is fed as such; every other input as float32
      boolean ints = b.signatures().get(0).getInputs().get(args[1]).dataType == DataType.DT_INT32;
      try (Tensor in =
              ints
                  ? ints(shape, x)
                  : TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(x, true, false));
          Result r = b.call(Map.of(args[1], in))) {
        TFloat32 out = (TFloat32) r.get(args[2]).orElseThrow();
        float[] y = new float[(int) out.shape().size()];
        out.copyTo(DataBuffers.of(y, false, false));
        StringBuilder sb = new StringBuilder("predictions");
        for (float v : y) sb.append(' ').append(v);
        System.out.println(sb);
      }
    }
  }

  private static Tensor ints(long[] shape, float[] x) {
    int[] v = new int[x.length];
    for (int i = 0; i < v.length; i++) v[i] = (int) x[i];
    return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false));
  }
}
