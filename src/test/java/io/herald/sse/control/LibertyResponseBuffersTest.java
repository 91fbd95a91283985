package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The release of Liberty's response buffers, against stand-ins shaped like Liberty's classes (a servlet
 * output stream with {@code getOutput()}, an HTTP stream with {@code clear()}). That Liberty's own
 * classes still have that shape, and that streams still work with it, is {@code SseEndpointsIT}'s.
 */
public class LibertyResponseBuffersTest {

    /** Like Liberty's {@code WCOutputStream}. */
    public static class ServletOutput {
        private final Object output;

        public ServletOutput(Object output) {
            this.output = output;
        }

        public Object getOutput() {
            return output;
        }
    }

    /** Like Liberty's {@code HttpOutputStreamImpl}. */
    public static class HttpOutput {
        int cleared;

        public void clear() {
            cleared++;
        }
    }

    /** An HTTP stream whose clear() fails, as a buffer already released by a concurrent close would. */
    public static class FailingHttpOutput {
        int calls;

        public void clear() {
            calls++;
            throw new IllegalStateException("Buffer has already been released");
        }
    }

    @Test
    void releasesTheHttpStreamsBuffersAfterEachWrite() {
        HttpOutput http = new HttpOutput();
        Runnable release = LibertyResponseBuffers.of(new ServletOutput(http));
        release.run();
        release.run();
        assertEquals(2, http.cleared);
        assertTrue(LibertyResponseBuffers.state().startsWith("released after each write"), LibertyResponseBuffers.state());
    }

    @Test
    void anotherContainersStreamKeepsItsBuffers() {
        assertSame(LibertyResponseBuffers.KEEP, LibertyResponseBuffers.of(new java.io.ByteArrayOutputStream()));
        assertTrue(LibertyResponseBuffers.state().startsWith("kept: the servlet output stream is not Liberty's"),
                LibertyResponseBuffers.state());
        // getOutput() there, but what it returns has no clear()
        assertSame(LibertyResponseBuffers.KEEP, LibertyResponseBuffers.of(new ServletOutput(new Object())));
        assertSame(LibertyResponseBuffers.KEEP, LibertyResponseBuffers.of(new ServletOutput(null)));
    }

    @Test
    void aFailedReleaseIsNotTriedAgainOnThatStreamAndIsCounted() {
        FailingHttpOutput failing = new FailingHttpOutput();
        Runnable release = LibertyResponseBuffers.of(new ServletOutput(failing));
        release.run();
        release.run();
        assertEquals(1, failing.calls);
        assertTrue(LibertyResponseBuffers.state().contains("release(s) failed"), LibertyResponseBuffers.state());

        HttpOutput other = new HttpOutput();
        LibertyResponseBuffers.of(new ServletOutput(other)).run();
        assertEquals(1, other.cleared, "another stream still releases");
    }
}
