import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plain-Liberty reference of bench/run.sh: the least an SSE server on Liberty's servlet container
 * can do, to show what Herald adds. GET /sub/all opens a stream (async, no authentication, no queue,
 * no history); POST /pub/all writes the body as one SSE event to every stream, from the publishing
 * request's thread, one write and one flush a stream. Nchan's URLs, so the same load client drives it.
 */
@WebServlet(urlPatterns = {"/sub/all", "/pub/all"}, asyncSupported = true)
public class MinimalSse extends HttpServlet {

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

    private record Stream(AsyncContext async, OutputStream out) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        OutputStream out = response.getOutputStream();
        out.write(":\n\n".getBytes(StandardCharsets.US_ASCII));
        // Liberty ignores a response's first flush (it may still set headers); the second one sends.
        out.flush();
        out.flush();
        streams.add(new Stream(async, out));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        byte[] frame = ("data: " + body.replace("\n", "") + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (Stream stream : streams) {
            try {
                synchronized (stream) {
                    stream.out().write(frame);
                    stream.out().flush();
                }
            } catch (IOException e) {
                streams.remove(stream);
                stream.async().complete();
            }
        }
        response.setStatus(202);
    }
}
