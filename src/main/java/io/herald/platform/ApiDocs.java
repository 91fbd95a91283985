package io.herald.platform;

/**
 * Names the OpenAPI annotations share, so that every resource points at the same security schemes and
 * the same reusable responses of {@code META-INF/openapi.yaml} (annotation values must be constants).
 */
public final class ApiDocs {

    /** The HTTP bearer scheme: a MicroProfile JWT in {@code Authorization}. */
    public static final String BEARER = "bearer";
    /** The stream cookie {@code herald_token}, set by {@code POST /api/sse/session}; only the stream takes it. */
    public static final String STREAM_COOKIE = "streamCookie";

    /** RFC 9457 problem details: the body of every error. */
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PROBLEM = "Problem";

    /** Shared responses (components/responses in openapi.yaml). */
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";

    private ApiDocs() {
    }
}
