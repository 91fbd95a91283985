package io.herald.sse.control;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gives the buffers in which Liberty staged a stream's last write back to Liberty's pool once the write
 * has gone out, so that an idle stream holds none.
 *
 * <p>Why. Liberty's response output stream ({@code HttpOutputStreamImpl}, in its HTTP channel) takes an
 * 8 KiB heap buffer from its pool at a response's first write and keeps it until the response ends, and
 * the TCP channel gives that buffer an 8 KiB direct copy for the socket write, kept with it
 * ({@code WsByteBufferImpl.copyToDirectBuffer}). An event stream's response lasts as long as the stream,
 * so every idle stream held 16 KiB that it used for a few hundred bytes every few seconds: 8 of its
 * 36 KiB of heap, and 8 of its 10 KiB outside the heap (BENCHMARKS.md, "Liberty's response buffers").
 * The servlet API has no call that lets them go ({@code resetBuffer()} refuses a committed response), and
 * no setting of Liberty's changes their size or their lifetime. The stream's own {@code clear()}, which
 * its {@code close()} calls, releases them and resets its counts of buffered bytes; its next write takes
 * a buffer from the pool again, one that keeps its direct copy there, so nothing is allocated per write.
 *
 * <p>How. By reflection, through public methods of public classes only, found once per class:
 * {@code WCOutputStream.getOutput()} (the servlet output stream's HTTP stream) and
 * {@code HttpOutputStream.clear()}. On another container, or on a Liberty whose classes have changed,
 * they are not found: buffers then stay with each stream, as they did before, and this says so once at
 * INFO. A stream whose release fails keeps its buffers from then on; the first failure is logged at
 * WARNING, and {@code /api/sse/stats} counts them. Called only by the thread that has just written and
 * flushed, holding its outlet's write lock, so never during a write of Herald's, and never after Herald
 * has completed the stream.
 */
final class LibertyResponseBuffers {

    private static final System.Logger LOG = System.getLogger(LibertyResponseBuffers.class.getName());

    /** Does nothing: the buffers stay with the stream. */
    static final Runnable KEEP = () -> {
    };

    /** Per servlet output stream class: its {@code getOutput()}, or null where there is none. */
    private static final ClassValue<MethodHandle> GET_OUTPUT = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return publicMethod(type, "getOutput");
        }
    };

    /** Per HTTP stream class: its {@code clear()}, or null where there is none. */
    private static final ClassValue<MethodHandle> CLEAR = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            MethodHandle clear = publicMethod(type, "clear");
            return clear != null && clear.type().returnType() == void.class ? clear : null;
        }
    };

    private static final AtomicBoolean TOLD_UNAVAILABLE = new AtomicBoolean();
    private static final AtomicBoolean TOLD_FAILED = new AtomicBoolean();
    private static final LongAdder FAILURES = new LongAdder();
    /** What the last stream opened found: see {@link #state()}. */
    private static volatile String found = "not known until a stream opens";

    private LibertyResponseBuffers() {
    }

    /**
     * What releases the buffers of {@code servletOutput} after a write, or {@link #KEEP} where Liberty's
     * stream cannot be reached.
     */
    static Runnable of(Object servletOutput) {
        MethodHandle getOutput = GET_OUTPUT.get(servletOutput.getClass());
        Object httpOutput = null;
        if (getOutput != null) {
            try {
                httpOutput = getOutput.invoke(servletOutput);
            } catch (Throwable e) {
                httpOutput = null;
            }
        }
        MethodHandle clear = httpOutput == null ? null : CLEAR.get(httpOutput.getClass());
        if (clear == null) {
            found = "kept: the servlet output stream is not Liberty's";
            if (TOLD_UNAVAILABLE.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "Each stream keeps its response buffers between writes: this container''s"
                        + " output stream ({0}) is not Liberty''s, or has changed", servletOutput.getClass().getName());
            }
            return KEEP;
        }
        found = "released after each write";
        return new Release(clear, httpOutput);
    }

    /** Whether streams give their buffers back after each write or keep them, and why; and failed releases. */
    static String state() {
        long failures = FAILURES.sum();
        return failures == 0 ? found : found + "; " + failures + " release(s) failed, and those streams keep theirs (see the log)";
    }

    /**
     * One stream's release. A release that fails is not tried again on that stream. Every stream of a
     * class shares one handle, given its stream at each call: a handle bound to each stream was compiled
     * by the JVM once per stream (2,000 classes of its own for 2,000 streams, and 11 % of the writers' samples).
     */
    private static final class Release implements Runnable {
        private final MethodHandle clear;
        private final Object httpOutput;
        /** Written and read by the thread that holds the outlet's write lock. */
        private boolean failed;

        Release(MethodHandle clear, Object httpOutput) {
            this.clear = clear;
            this.httpOutput = httpOutput;
        }

        @Override
        public void run() {
            if (failed) {
                return;
            }
            try {
                clear.invokeExact(httpOutput);
            } catch (Throwable e) {
                failed = true;
                FAILURES.increment();
                LOG.log(TOLD_FAILED.compareAndSet(false, true) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "Releasing Liberty's response buffers after a write failed; this stream keeps its buffers from now on"
                                + " (herald.sse.response-buffers=keep makes every stream keep them)", e);
            }
        }
    }

    /** A public method without parameters of a public class that {@code type} is or extends, as a handle; or null. */
    private static MethodHandle publicMethod(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                return null;
            }
            MethodHandle handle = MethodHandles.publicLookup().unreflect(method);
            return handle.asType(MethodType.methodType(method.getReturnType() == void.class ? void.class : Object.class,
                    Object.class));
        } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
            return null;
        }
    }
}
