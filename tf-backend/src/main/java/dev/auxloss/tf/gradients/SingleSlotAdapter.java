package dev.auxloss.tf.gradients;

import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.internal.c_api.TFJ_GradFuncAdapter;
import org.tensorflow.internal.c_api.TFJ_GraphId;
import org.tensorflow.internal.c_api.TFJ_Scope;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.op.RawCustomGradient;

/**
 * The one native callback auxloss hands to TF's gradient registry, for every op type.
 *
 * <p>Each {@link TFJ_GradFuncAdapter} object occupies one of JavaCPP's 10 callback slots for the
 * life of the object; invoking the 11th crashes the JVM (measured with TF Java 1.1.0). This class
 * holds exactly one slot:
 *
 * <ol>
 *   <li>{@link RawCustomGradient#adapter} builds TF Java's own adapter around the {@link
 *       GradientDispatcher}. That adapter does the JNI work we cannot do from outside TF Java's
 *       packages: it wraps the native scope in a {@code NativeScope}, unlocks the graph for the
 *       gradient builder, and writes the native output array.
 *   <li>That adapter's native slot is released at once ({@code deallocate()}): it is only ever
 *       called from Java, by {@link #call}, never by native code.
 *   <li>This object takes one slot and is what gets registered. After delegating, it rewrites the
 *       entries the dispatcher marked {@link OpGradient#none()} as null {@code TF_Output}s, which
 *       TF's C++ gradient builder reads as {@code NoGradient()}.
 * </ol>
 *
 * The instance must stay strongly reachable for the life of the process: native code keeps its
 * function pointer ({@link TfGradients} holds it in a static field).
 */
final class SingleSlotAdapter extends TFJ_GradFuncAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(SingleSlotAdapter.class);

  private final TFJ_GradFuncAdapter delegate;

  private SingleSlotAdapter(TFJ_GradFuncAdapter delegate) {
    super(); // allocates this object's callback slot
    this.delegate = delegate;
  }

  static SingleSlotAdapter create(GradientDispatcher dispatcher) {
    TFJ_GradFuncAdapter delegate = RawCustomGradient.adapter(dispatcher);
    delegate.deallocate(); // frees its slot; its Java call() keeps working
    SingleSlotAdapter adapter = new SingleSlotAdapter(delegate);
    // An enclosing PointerScope on this thread would otherwise free the slot when it closes.
    adapter.retainReference();
    return adapter;
  }

  @Override
  public int call(
      TFJ_GraphId graphId,
      TFJ_Scope scope,
      TF_Operation operation,
      TF_Output gradInputs,
      int gradInputsLength,
      PointerPointer gradOutputs) {
    try {
      int count =
          delegate.call(graphId, scope, operation, gradInputs, gradInputsLength, gradOutputs);
      int[] none = GradientDispatcher.takeNoGradientPositions();
      if (none != null && count > 0) {
        TF_Output outputs = new TF_Output(gradOutputs.get(0));
        for (int i : none) {
          TF_Output o = outputs.getPointer(i);
          o.oper(null);
          o.index(-1);
        }
      }
      return count;
    } catch (Throwable t) { // nothing may unwind into native code
      GradientDispatcher.takeNoGradientPositions();
      LOG.error("custom gradient callback failed (Graph.addGradients will fail)", t);
      return 0;
    }
  }
}
