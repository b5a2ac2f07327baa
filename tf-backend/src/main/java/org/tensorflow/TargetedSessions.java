package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import java.lang.reflect.Field;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens a {@link Session} on a TensorFlow server ({@code "grpc://host:port"}) instead of
 * in-process, and can cancel it from another thread.
 *
 * <p>Why this class lives in {@code org.tensorflow}: TF Java 1.1.0 has no public way to set a
 * session's target ({@code TF_SetTarget}); {@code Session}'s own allocation always passes none.
 * This helper repeats that allocation through the C API with the target set, then wraps the native
 * session with the package-private {@code Session(Graph, TF_Session)} constructor. It therefore
 * works on the classpath only (a split package is refused on the module path). The session is an
 * ordinary {@code Session}: close it as usual. It does not run initializers by itself (no
 * auto-init), so call {@link Session#initialize()} or restore a checkpoint first.
 *
 * <pre>{@code
 * TargetedSessions.Handle h = TargetedSessions.open(graph, "grpc://localhost:2222", config);
 * try (Session s = h.session()) { ... }   // another thread may call h.cancel()
 * h.release();                            // else the native session outlives the Session
 * }</pre>
 */
public final class TargetedSessions {
  private TargetedSessions() {}

  /**
   * A targeted session plus a native reference of its own, so that {@link #cancel} stays safe even
   * while (or after) the {@code Session} is closed on another thread. {@link #release} drops that
   * reference; the native session is deleted when both the {@code Session} and the handle let go.
   */
  public static final class Handle {
    private final Session session;
    private TF_Session retained;

    private Handle(Session session, TF_Session retained) {
      this.session = session;
      this.retained = retained;
    }

    public Session session() {
      return session;
    }

    /**
     * Closes the native session ({@code TF_CloseSession}): the master cancels its running step, so
     * a {@code Session.run} blocked in a collective op (a peer died) fails at once with "Step was
     * cancelled by an explicit call to Session::Close()"; later runs fail too. Thread-safe.
     */
    public synchronized void cancel() {
      if (retained == null) return;
      try (PointerScope scope = new PointerScope()) {
        TF_Status status = TF_Status.newStatus();
        TF_CloseSession(retained, status);
        // a failed close (e.g. already closed) leaves nothing to do
      }
    }

    /** Whether {@code session().close()} has been called. */
    public boolean sessionClosed() {
      try {
        Pointer p = (Pointer) NATIVE_HANDLE.get(session);
        return p == null || p.isNull();
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Drops this handle's native reference; {@link #cancel} then does nothing. Idempotent. */
    public synchronized void release() {
      if (retained == null) return;
      retained.releaseReference();
      retained = null;
    }
  }

  private static final Field NATIVE_HANDLE;

  static {
    try {
      NATIVE_HANDLE = Session.class.getDeclaredField("nativeHandle");
      NATIVE_HANDLE.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A session on {@code target} (e.g. {@code "grpc://localhost:2222"}) with {@code config}. */
  public static Handle open(Graph graph, String target, ConfigProto config) {
    if (target == null || target.isEmpty())
      throw new IllegalArgumentException("target must not be empty");
    try (Graph.Reference ref = graph.ref()) {
      TF_Session handle = allocate(ref, target, config);
      handle.retainReference(); // the Handle's own reference, for cancel()
      try {
        return new Handle(new Session(graph, handle), handle);
      } catch (RuntimeException e) {
        handle.releaseReference(); // the Handle's
        handle.releaseReference(); // the Session's, which never took it
        throw e;
      }
    }
  }

  // Mirrors Session.allocate (TF Java 1.1.0) plus TF_SetTarget.
  private static TF_Session allocate(Graph.Reference ref, String target, ConfigProto config) {
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions opts = TF_SessionOptions.newSessionOptions();
      TF_SetTarget(opts, target);
      if (config != null) {
        BytePointer bytes = new BytePointer(config.toByteArray());
        TF_SetConfig(opts, bytes, bytes.capacity(), status);
        status.throwExceptionIfNotOK();
      }
      TF_Session session = TF_Session.newSession(ref.nativeHandle(), opts, status);
      status.throwExceptionIfNotOK();
      // Outlives the scope; Session.close() releases this reference.
      return session.retainReference();
    }
  }
}
