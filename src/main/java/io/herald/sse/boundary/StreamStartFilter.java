package io.herald.sse.boundary;

import io.herald.sse.control.Connection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Starts a new stream's writes once RESTEasy has finished with its request. RESTEasy commits an SSE
 * response after the resource method has returned (its sink's headers and first flush, which Liberty
 * only commits); a stream that wrote before then would race it on the response. Here, on the same
 * thread, the stream's first frames then go out together with the headers.
 */
@WebFilter(urlPatterns = "/api/sse/*", asyncSupported = true)
public class StreamStartFilter extends HttpFilter {

    private static final String CONNECTION = StreamStartFilter.class.getName() + ".connection";

    /** Called by the resource method: {@code connection} starts when the request leaves RESTEasy. */
    static void startAfterDispatch(HttpServletRequest request, Connection connection) {
        request.setAttribute(CONNECTION, connection);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(CONNECTION) instanceof Connection connection) {
                request.removeAttribute(CONNECTION);
                connection.start();
            }
        }
    }
}
