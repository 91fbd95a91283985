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
        int status = code instanceof Integer value ? value : response.getStatus();
        String detail = switch (status) {
            case HttpServletResponse.SC_UNAUTHORIZED -> "A valid bearer token is required (missing, expired, or not trusted)";
            case HttpServletResponse.SC_FORBIDDEN -> Problem.FORBIDDEN_DETAIL;
            case HttpServletResponse.SC_NOT_FOUND -> "No such resource";
            default -> "The request could not be served";
        };
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            logRefusal(request);
        }
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE.toString());
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(Problem.of(status, detail)));
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
