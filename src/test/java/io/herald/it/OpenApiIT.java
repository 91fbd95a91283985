package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.HeraldApplication;
import io.herald.sse.boundary.SseNotificationService;
import io.herald.sse.entity.CalendarAction;
import io.herald.sse.entity.ChatAction;
import io.herald.sse.entity.EmployeeAction;
import io.herald.sse.entity.EventTypes;
import io.herald.sse.entity.LeaveAction;
import io.herald.sse.entity.NotificationAction;
import io.herald.sse.entity.ProjectAction;
import io.herald.sse.entity.SseEvent;
import io.herald.sse.entity.TaskAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document at {@code /openapi} against the code itself: the endpoints and their roles are
 * read from the compiled resource classes, the event types from {@link EventTypes} and the
 * notification families' enums, the body schemas from the records, and the shared 401/403 examples from
 * real answers, so a new endpoint, role, field or event type without documentation fails here.
 * Liberty serves one document for the server; depending on the version its paths carry this
 * deployment's context root or list it under {@code servers}, so paths are matched by their suffix.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Set<String> RESOURCES = Set.of("SseResource", "SseSessionResource", "CalendarEventsResource",
            "CalendarRemindersResource", "DevTokenResource");
    /** Needs no token: the development endpoint (web.xml leaves /api/dev/* unprotected). */
    private static final String UNPROTECTED = "/api/dev/token";
    /** Herald's control events carry no id: line (see Frame.control callers). */
    private static final Set<String> WITHOUT_ID = Set.of(EventTypes.HEARTBEAT, EventTypes.RESYNC_REQUIRED,
            EventTypes.TOKEN_EXPIRED, EventTypes.SERVER_SHUTDOWN);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-openapi");
    }

    @ArquillianResource
    URL base;

    /** One JAX-RS resource method as the code declares it. */
    record Endpoint(String method, String path, Set<String> roles, Method javaMethod) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyEndpointIsDocumentedWithItsRolesSecurityParametersAndProblems() throws Exception {
        JsonNode document = document();
        List<Endpoint> endpoints = endpointsInTheCode();
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            JsonNode operation = operation(document, endpoint);
            if (operation == null) {
                failures.add(endpoint + ": not in the document");
                continue;
            }
            checkOperation(document, endpoint, operation, failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theDocumentHasNoOperationTheCodeLacks() throws Exception {
        JsonNode document = document();
        Set<String> inCode = endpointsInTheCode().stream().map(Endpoint::toString).collect(Collectors.toSet());
        List<String> stale = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            int api = path.getKey().indexOf("/api/");
            String endpoint = method.toUpperCase() + " " + (api < 0 ? path.getKey() : path.getKey().substring(api));
            if (isHttpMethod(method) && !inCode.contains(endpoint)) {
                stale.add(endpoint);
            }
        }));
        assertTrue(stale.isEmpty(), "Documented but not in the code: " + stale);
    }

    /**
     * openapi.yaml names the problem responses and some examples under components for the operations
     * to point at; one that no operation points at any more is stale.
     */
    @Test
    void everyResponseAndExampleInTheComponentsIsUsed() throws Exception {
        JsonNode document = document();
        String operations = document.path("paths").toString();
        Set<String> unused = new TreeSet<>();
        for (String kind : List.of("responses", "examples")) {
            document.path("components").path(kind).fieldNames().forEachRemaining(name -> {
                if (!operations.contains("\"#/components/" + kind + "/" + name + "\"")) {
                    unused.add(kind + "/" + name);
                }
            });
        }
        assertTrue(unused.isEmpty(), "In components but used by no operation: " + unused);
    }

    @Test
    void theSharedProblemExamplesAreWhatHeraldAnswers() throws Exception {
        JsonNode document = document();
        Herald herald = new Herald(base);
        String user = Tokens.mint(Herald.unique("ursula"), "user");
        assertEquals(sharedExample(document, "Unauthorized"), Http.json(Http.get(herald.api("sse/status"), null)));
        assertEquals(sharedExample(document, "Forbidden"), Http.json(Http.get(herald.api("sse/stats"), user)));
    }

    private static JsonNode sharedExample(JsonNode document, String response) {
        JsonNode examples = document.path("components").path("responses").path(response)
                .path("content").path(PROBLEM_JSON).path("examples");
        assertTrue(examples.size() > 0, "No example of " + response);
        return problemExample(examples.elements().next().path("value"));
    }

    @Test
    void securitySchemesAreTheBearerTokenAndTheStreamCookie() throws Exception {
        JsonNode document = document();
        assertEquals("Herald", document.path("info").path("title").asText());
        assertFalse(document.path("info").path("version").asText().isBlank());
        JsonNode schemes = document.path("components").path("securitySchemes");
        JsonNode bearer = schemes.path("bearer");
        assertEquals("http", bearer.path("type").asText(), schemes.toString());
        assertEquals("bearer", bearer.path("scheme").asText());
        assertEquals("JWT", bearer.path("bearerFormat").asText());
        JsonNode cookie = schemes.path("streamCookie");
        assertEquals("apiKey", cookie.path("type").asText(), schemes.toString());
        assertEquals("cookie", cookie.path("in").asText());
        assertEquals("herald_token", cookie.path("name").asText());

        JsonNode problem = schema(document, "Problem");
        for (String field : List.of("type", "title", "status", "detail")) {
            assertTrue(problem.path("properties").has(field), "Problem." + field);
        }
    }

    @Test
    void theBodySchemasHaveTheFieldsOfTheirRecords() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");
        Set<String> compared = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (Class<?> type : applicationClasses()) {
            JsonNode schema = schemas.path(type.getSimpleName());
            if (type.isRecord() && schema.isObject()) {
                compared.add(type.getSimpleName());
                Set<String> fields = Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (type == SseEvent.class) {
                    fields.remove("id"); // the in-process record carries the frame's id: line; the JSON does not
                }
                Set<String> properties = names(schema.path("properties").fieldNames());
                if (!fields.equals(properties)) {
                    failures.add(type.getSimpleName() + ": properties " + properties + ", record components " + fields);
                }
            }
        }
        assertTrue(compared.containsAll(Set.of("CalendarEventRequest", "CalendarEventView", "ConnectionInfo",
                "ConnectionStatus", "PublishRequest", "ReminderResult", "DevLogin")), "records compared: " + compared);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theEventCatalogueListsEveryTypeHeraldKnowsAndNoOther() throws Exception {
        JsonNode document = document();
        Set<String> known = new TreeSet<>(EventTypes.RESERVED);
        Map<String, String> families = families();
        known.addAll(families.keySet());

        JsonNode catalogue = schema(document, "SseEventType");
        assertEquals(known, strings(catalogue.path("enum")), "SseEventType enum");
        JsonNode extension = catalogue.path("x-herald-events");
        assertEquals(known, names(extension.fieldNames()), "x-herald-events");
        for (String type : known) {
            JsonNode entry = extension.path(type);
            assertEquals(EventTypes.RESERVED.contains(type), entry.path("reserved").asBoolean(), type + " reserved");
            String data = entry.path("data").asText();
            assertTrue(data.startsWith("#/components/schemas/")
                    && schema(document, data.substring("#/components/schemas/".length())).isObject(), type + " data " + data);
            assertFalse(entry.path("description").asText().isBlank(), type + " description");
        }
        for (String envelope : List.of("type", "data", "userId", "timestamp")) {
            assertTrue(schema(document, "SseEvent").path("properties").has(envelope), "SseEvent." + envelope);
        }
    }

    @Test
    void theStreamShowsAnExampleFrameOfEveryHeraldEventAndEveryFamily() throws Exception {
        JsonNode document = document();
        JsonNode connect = operation(document, new Endpoint("GET", "/api/sse/connect", Set.of(), null));
        JsonNode stream = connect.path("responses").path("200").path("content").path("text/event-stream");
        assertTrue(stream.isObject(), "connect has a 200 text/event-stream response: " + connect);

        Map<String, JsonNode> framesByType = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        stream.path("examples").fields().forEachRemaining(example -> {
            String frame = resolve(document, example.getValue()).path("value").asText();
            JsonNode event = checkFrame(example.getKey(), frame, failures);
            if (event != null) {
                framesByType.putIfAbsent(event.path("type").asText(), event);
            }
        });
        for (String reserved : EventTypes.RESERVED) {
            if (!framesByType.containsKey(reserved)) {
                failures.add("no example frame of " + reserved);
            }
        }
        for (String family : new TreeSet<>(families().values())) {
            if (framesByType.keySet().stream().noneMatch(type -> family.equals(families().get(type)))) {
                failures.add("no example frame of the family " + family);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theUiAnswers() throws Exception {
        // Liberty redirects /openapi/ui to /openapi/ui/, as a browser would follow.
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> ui = browser.send(Http.request(root().resolve("/openapi/ui"), null).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ui.statusCode(), ui.body());
        assertTrue(ui.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), ui.headers().toString());
    }

    // ---- the document ------------------------------------------------------------------------

    private URI root() {
        return URI.create(base.toString()).resolve("/");
    }

    private JsonNode document() throws IOException {
        HttpResponse<String> response = Http.get(root().resolve("/openapi?format=JSON"), null);
        assertEquals(200, response.statusCode(), response.body());
        // Kept for comparing the document before and after a change (the build's working directory is the project).
        Files.writeString(java.nio.file.Path.of("target", "openapi.json"), response.body());
        return JSON.readTree(response.body());
    }

    /** The operation for an endpoint: the path that ends with the endpoint's, for its method. */
    private static JsonNode operation(JsonNode document, Endpoint endpoint) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().endsWith(endpoint.path())) {
                JsonNode operation = path.getValue().get(endpoint.method().toLowerCase());
                if (operation != null) {
                    return operation;
                }
            }
        }
        return null;
    }

    private static void checkOperation(JsonNode document, Endpoint endpoint, JsonNode operation, List<String> failures) {
        String where = endpoint + ": ";
        String description = operation.path("description").asText();
        if (operation.path("summary").asText().isBlank() || description.isBlank()) {
            failures.add(where + "summary and description wanted");
        }
        if (operation.path("tags").isEmpty()) {
            failures.add(where + "no tag");
        }

        // Roles: the description opens with them (from @RolesAllowed), or says who else may call.
        if (endpoint.roles().isEmpty()) {
            String anyone = endpoint.path().equals(UNPROTECTED) ? "No token needed" : "Any authenticated user";
            if (!description.startsWith(anyone)) {
                failures.add(where + "the description should start '" + anyone + "'");
            }
        } else if (!endpoint.roles().equals(rolesIn(description))) {
            failures.add(where + "the description names roles " + rolesIn(description) + ", @RolesAllowed says "
                    + endpoint.roles() + ": " + description);
        }

        // Security: the bearer token everywhere but the development endpoint; the stream also takes the cookie.
        Set<String> schemes = new TreeSet<>();
        operation.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
        document.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
        Set<String> wanted = endpoint.path().equals(UNPROTECTED) ? Set.of()
                : endpoint.path().equals("/api/sse/connect") ? Set.of("bearer", "streamCookie") : Set.of("bearer");
        if (!schemes.equals(wanted)) {
            failures.add(where + "security " + schemes + ", wanted " + wanted);
        }

        // Responses: a success with examples, 401 where a token is needed, 403 where roles are, problems for errors.
        JsonNode responses = operation.path("responses");
        Set<String> codes = names(responses.fieldNames());
        codes.removeIf(code -> code.startsWith("x-"));
        if (codes.stream().noneMatch(code -> code.startsWith("2"))) {
            failures.add(where + "no 2xx response");
        }
        if (!endpoint.path().equals(UNPROTECTED) && !codes.contains("401")) {
            failures.add(where + "no 401");
        }
        if (!endpoint.roles().isEmpty() && !codes.contains("403")) {
            failures.add(where + "no 403 although roles are required");
        }
        for (String code : codes) {
            JsonNode response = resolve(document, responses.path(code));
            if (response.path("description").asText().isBlank()) {
                failures.add(where + code + " has no description");
            }
            JsonNode content = response.path("content");
            if (code.startsWith("4") || code.startsWith("5")) {
                JsonNode problem = content.path(PROBLEM_JSON);
                if (!problem.path("schema").path("$ref").asText().endsWith("/Problem")) {
                    failures.add(where + code + " is not an " + PROBLEM_JSON + " Problem: " + content);
                } else if (problem.path("examples").isEmpty()) {
                    failures.add(where + code + " has no example");
                } else {
                    problem.path("examples").forEach(example -> {
                        JsonNode body = problemExample(resolve(document, example).path("value"));
                        if (body == null || body.path("status").asInt() != Integer.parseInt(code)
                                || !body.path("type").asText().startsWith("urn:herald:problem:")) {
                            failures.add(where + code + " example is not a problem with that status: " + example);
                        }
                    });
                }
            } else if (!content.isMissingNode() && content.isObject()) {
                content.fields().forEachRemaining(media -> {
                    if (media.getValue().path("examples").isEmpty()) {
                        failures.add(where + code + " " + media.getKey() + " has no example");
                    }
                });
            }
        }

        // Parameters: each one the method takes is described. Content-Length is the HTTP client's business.
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        operation.path("parameters").forEach(parameter -> {
            JsonNode resolved = resolve(document, parameter);
            parameters.put(resolved.path("in").asText() + ":" + resolved.path("name").asText(), resolved);
        });
        boolean takesBody = false;
        Set<String> inCode = new TreeSet<>();
        for (Parameter parameter : endpoint.javaMethod().getParameters()) {
            String key = parameter.isAnnotationPresent(QueryParam.class) ? "query:" + parameter.getAnnotation(QueryParam.class).value()
                    : parameter.isAnnotationPresent(PathParam.class) ? "path:" + parameter.getAnnotation(PathParam.class).value()
                    : parameter.isAnnotationPresent(HeaderParam.class) ? "header:" + parameter.getAnnotation(HeaderParam.class).value()
                    : null;
            if (key != null) {
                inCode.add(key);
            }
            if (key == null) {
                takesBody |= !parameter.isAnnotationPresent(Context.class);
            } else if (!key.equals("header:Content-Length")
                    && parameters.getOrDefault(key, JSON.nullNode()).path("description").asText().isBlank()) {
                failures.add(where + "parameter " + key + " undocumented");
            }
        }
        // ... and none the method does not take (openapi.yaml describes parameters by name, a typo adds one).
        for (String documented : parameters.keySet()) {
            if (!inCode.contains(documented)) {
                failures.add(where + "parameter " + documented + " is documented but not in the code");
            }
        }
        if (takesBody) {
            JsonNode body = resolve(document, operation.path("requestBody")).path("content").path("application/json");
            if (body.path("schema").isMissingNode() || body.path("examples").isEmpty()) {
                failures.add(where + "request body without schema or examples");
            }
        }
    }

    /** The roles in {@code Roles: `admin` or `publisher`. ...}: the quoted words of the first sentence. */
    private static Set<String> rolesIn(String description) {
        Set<String> roles = new TreeSet<>();
        if (description.startsWith("Roles: ")) {
            java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("`([a-z]+)`")
                    .matcher(description.substring(0, description.indexOf('.') < 0 ? description.length() : description.indexOf('.')));
            while (quoted.find()) {
                roles.add(quoted.group(1));
            }
        }
        return roles;
    }

    /** A problem example, whether the document holds it as an object or as JSON text. */
    private static JsonNode problemExample(JsonNode value) {
        if (value.isObject()) {
            return value;
        }
        try {
            return JSON.readTree(value.asText());
        } catch (IOException e) {
            return null;
        }
    }

    /** Checks one example frame against the wire format and returns its event, or null. */
    private static JsonNode checkFrame(String name, String frame, List<String> failures) {
        String id = null;
        JsonNode event = null;
        for (String line : frame.strip().split("\n")) {
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ")) {
                try {
                    event = JSON.readTree(line.substring(6));
                } catch (IOException e) {
                    failures.add(name + ": data is not one line of JSON: " + line);
                    return null;
                }
            } else if (!line.startsWith("retry: ")) {
                failures.add(name + ": not an SSE field Herald writes: " + line);
            }
        }
        if (event == null || !event.path("type").isTextual() || !event.has("data") || !event.path("timestamp").isTextual()) {
            failures.add(name + ": not an SseEvent: " + frame);
            return null;
        }
        String type = event.path("type").asText();
        if (WITHOUT_ID.contains(type) == (id != null)) {
            failures.add(name + ": " + type + (id == null ? " needs an id: line" : " has no id: line on the wire"));
        }
        if (id != null && !id.matches("\\d+")) {
            failures.add(name + ": ids are decimal numbers, not " + id);
        }
        return event;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        String ref = node.path("$ref").asText();
        if (!ref.startsWith("#/")) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        if (target.isMissingNode()) {
            fail("Dangling reference " + ref);
        }
        return target;
    }

    private static JsonNode schema(JsonNode document, String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertTrue(schema.isObject(), "No schema " + name);
        return schema;
    }

    // ---- the code ----------------------------------------------------------------------------

    /** Every resource method in Herald's compiled classes, with its path under /api and the roles it allows. */
    static List<Endpoint> endpointsInTheCode() throws URISyntaxException, IOException {
        String api = HeraldApplication.class.getAnnotation(jakarta.ws.rs.ApplicationPath.class).value();
        List<Class<?>> resources = applicationClasses().stream().filter(type -> type.isAnnotationPresent(Path.class)).toList();
        assertEquals(RESOURCES, resources.stream().map(Class::getSimpleName).collect(Collectors.toSet()),
                "JAX-RS resources found");
        List<Endpoint> endpoints = new ArrayList<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getDeclaredMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null || !Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                String path = join(api, resource.getAnnotation(Path.class).value(),
                        method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "");
                RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                        : resource.getAnnotation(RolesAllowed.class);
                endpoints.add(new Endpoint(httpMethod, path,
                        roles == null ? Set.of() : new TreeSet<>(Arrays.asList(roles.value())), method));
            }
        }
        return endpoints;
    }

    /** Every class Herald compiled (the test runs beside target/classes). */
    static List<Class<?>> applicationClasses() throws URISyntaxException, IOException {
        java.nio.file.Path classes = java.nio.file.Path.of(
                HeraldApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            return files.map(file -> classes.relativize(file).toString())
                    .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
                    .<Class<?>>map(name -> load(name.substring(0, name.length() - ".class".length())
                            .replace(java.io.File.separatorChar, '.')))
                    .toList();
        }
    }

    /** Every type of the ready-made notification families, with its family. */
    static Map<String, String> families() {
        Map<String, String> families = new LinkedHashMap<>();
        for (Class<? extends NotificationAction> family : List.of(CalendarAction.class, EmployeeAction.class,
                LeaveAction.class, ChatAction.class, TaskAction.class, ProjectAction.class)) {
            for (NotificationAction action : family.getEnumConstants()) {
                families.put(action.eventType(), action.typePrefix());
            }
        }
        for (String single : List.of(SseNotificationService.NOTIFICATION, SseNotificationService.SYSTEM_NOTIFICATION,
                SseNotificationService.DASHBOARD_UPDATE, SseNotificationService.ALERT)) {
            families.put(single, single);
        }
        return families;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OpenApiIT.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Cannot load " + name, e);
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    private static String join(String... parts) {
        return "/" + Arrays.stream(parts).map(part -> part.replaceAll("^/+|/+$", ""))
                .filter(part -> !part.isEmpty()).collect(Collectors.joining("/"));
    }

    private static boolean isHttpMethod(String name) {
        return Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(name);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Set<String> names(Iterator<String> iterator) {
        Set<String> names = new TreeSet<>();
        iterator.forEachRemaining(names::add);
        return names;
    }
}
