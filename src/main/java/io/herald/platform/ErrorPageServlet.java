package io.herald.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;

/**
 * Gives the errors that happen before JAX-RS runs, above all Liberty's 401 for a missing or invalid
 * token, the same problem body as every other error (web.xml routes them here). It also logs refused
 * tokens without their value: Liberty's own messages about them quote the whole token, so server.xml
 * hides those (see README, "Logging").
 */
@WebServlet("/errors/problem")
public class ErrorPageServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer value ? value : thrown != null ? 500 : response.getStatus();
        if (status < 400) {
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        String detail = switch (status) {
            case HttpServletResponse.SC_BAD_REQUEST -> "The request is malformed (for example a path with an encoded"
                    + " slash or dot segment, or a header the server cannot read)";
            case HttpServletResponse.SC_UNAUTHORIZED -> "A valid bearer token is required (missing, expired, or not trusted)";
            case HttpServletResponse.SC_FORBIDDEN -> Problem.FORBIDDEN_DETAIL;
            case HttpServletResponse.SC_NOT_FOUND -> "No such resource";
            case HttpServletResponse.SC_METHOD_NOT_ALLOWED -> "This method is not allowed on this resource";
            case HttpServletResponse.SC_NOT_ACCEPTABLE -> "This resource cannot answer in a type the Accept header allows";
            case HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE -> "The request body is too large";
            case HttpServletResponse.SC_REQUEST_URI_TOO_LONG -> "The request URI is too long";
            case HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE -> "This resource does not take a body of this Content-Type";
            case HttpServletResponse.SC_SERVICE_UNAVAILABLE -> "Herald is not available right now; retry shortly";
            default -> status >= 500 ? "Herald could not serve the request" : "The request could not be served";
        };
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            logRefusal(request);
        } else if (status >= 500) {
            String message = "Request to " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " failed with " + status;
            if (thrown instanceof Throwable cause) {
                LOG.log(Level.ERROR, message, cause);
            } else {
                LOG.log(Level.ERROR, message);
            }
        } else if (status == HttpServletResponse.SC_NOT_FOUND) {
            LOG.log(Level.DEBUG, "Answered 404 to a request to {0} from {1}",
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), request.getRemoteAddr());
        } else if (status != HttpServletResponse.SC_FORBIDDEN) {
            // A client's mistake, such as a path Liberty will not decode: worth a line, not an error.
            LOG.log(Level.INFO, "Rejected request: {0} {1} from {2}{3}", status,
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), request.getRemoteAddr(),
                    thrown instanceof Throwable cause ? " (" + rootMessage(cause) + ")" : "");
        }
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE.toString());
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(Problem.of(status, detail)));
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static void logRefusal(HttpServletRequest request) {
        boolean bearer = request.getHeader("Authorization") != null;
        boolean cookie = request.getCookies() != null && Arrays.stream(request.getCookies())
                .anyMatch(candidate -> "herald_token".equals(candidate.getName()));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (bearer || cookie) {
            LOG.log(Level.INFO, "Refused the {0} token of a request to {1} from {2}: invalid, expired or not trusted",
                    bearer ? "bearer" : "cookie", uri, request.getRemoteAddr());
        } else {
            LOG.log(Level.DEBUG, "Refused a request to {0} from {1}: no token", uri, request.getRemoteAddr());
        }
    }
}
