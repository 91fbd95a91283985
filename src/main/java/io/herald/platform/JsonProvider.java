package io.herald.platform;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Makes JAX-RS read and write JSON with {@link Json#mapper()}. Written here rather than taken from
 * jackson-jakarta-rs: that jar's own {@code @Provider} is discovered by Liberty with a mapper of its
 * own, which cannot write {@code Instant}s.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        // An empty body reads as null, so that the resource says "body required" rather than "malformed".
        PushbackInputStream body = new PushbackInputStream(entityStream, 1);
        int first = body.read();
        if (first == -1) {
            return null;
        }
        body.unread(first);
        var mapper = Json.mapper();
        return mapper.readerFor(mapper.getTypeFactory().constructType(genericType)).readValue(body);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !CharSequence.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        // Serialise fully before writing, so that a failure is a clean 500, never half a body.
        entityStream.write(Json.mapper().writeValueAsBytes(value));
    }

    private static boolean isJson(MediaType mediaType) {
        return mediaType != null && (mediaType.getSubtype().equals("json") || mediaType.getSubtype().endsWith("+json"));
    }
}
