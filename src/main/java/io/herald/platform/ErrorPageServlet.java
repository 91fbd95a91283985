package io.herald.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Gives the errors that happen before JAX-RS runs, above all Liberty's 401 for a missing or invalid
 * token, the same problem body as every other error (web.xml routes them here).
 */
@WebServlet("/errors/problem")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : response.getStatus();
        String detail = switch (status) {
            case HttpServletResponse.SC_UNAUTHORIZED -> "A valid bearer token is required (missing, expired, or not trusted)";
            case HttpServletResponse.SC_FORBIDDEN -> "The token does not grant the role this needs";
            case HttpServletResponse.SC_NOT_FOUND -> "No such resource";
            default -> "The request could not be served";
        };
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE.toString());
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(Problem.of(status, detail)));
    }
}
