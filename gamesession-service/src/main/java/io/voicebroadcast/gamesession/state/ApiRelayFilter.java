package io.voicebroadcast.gamesession.state;

import io.voicebroadcast.gamesession.broadcast.ActiveRole;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a standby, the API's requests (every POST under /gamesession/, after the admin token's check)
 * go to the active instance through the database ({@link ApiRelay}) and its answer is given as
 * it is; the dashboard's feed is the active instance's only. On the active instance this filter
 * does nothing.
 */
final class ApiRelayFilter extends OncePerRequestFilter {

    /** The API's bodies are small; a larger one is refused rather than stored. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final ActiveRole role;
    private final ApiRelay relay;

    ApiRelayFilter(ActiveRole role, ApiRelay relay) {
        this.role = role;
        this.relay = relay;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (role.isActive() || !path.startsWith("/gamesession/")) {
            chain.doFilter(request, response);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            if (path.startsWith("/gamesession/dashboard/")) {
                write(response, ApiRelay.problem(503, "This GameSession instance is a standby: the dashboard's feed is the active instance's."));
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            write(response, ApiRelay.problem(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes."));
            return;
        }
        try {
            write(response, relay.relay(path, new String(body, StandardCharsets.UTF_8)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(response, ApiRelay.problem(503, "This GameSession instance is stopping."));
        }
    }

    private static void write(HttpServletResponse response, ApiRelay.Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
