package io.voicebroadcast.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.stream.Stream;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The design's admin role, for both services: every endpoint under a path prefix ({@code /voice/},
 * {@code /gamesession/}) requires the configured bearer token. No token: 401 with
 * {@code WWW-Authenticate: Bearer}; a wrong one: 403. Compared in constant time.
 * <p>
 * The prefix is looked for in every spelling of the path that the container or Spring may route
 * on, not only the raw request URI: {@code /voice;x=1/room/get}, {@code /%76oice/room/get} and
 * {@code //voice/room/get} reach the same endpoint as {@code /voice/room/get} and need the token too.
 */
public final class AdminTokenFilter extends OncePerRequestFilter {

    private final byte[] token;
    private final String pathPrefix;
    private final String realm;
    private final String tokenSetting;

    /**
     * The filter registered for every path under {@code pathPrefix} (e.g. {@code /voice/}), before
     * any other filter of the service: how each service installs it.
     */
    public static FilterRegistrationBean<AdminTokenFilter> registration(String token, String pathPrefix, String realm,
                                                                        String tokenSetting) {
        FilterRegistrationBean<AdminTokenFilter> reg = new FilterRegistrationBean<>(new AdminTokenFilter(token, pathPrefix, realm, tokenSetting));
        reg.addUrlPatterns(pathPrefix + "*");
        reg.setOrder(1);
        return reg;
    }

    /**
     * @param pathPrefix   the endpoints it guards, e.g. {@code /voice/}
     * @param realm        the {@code WWW-Authenticate} realm, e.g. {@code voice}
     * @param tokenSetting the setting that holds the token, named in the 401 answer
     */
    public AdminTokenFilter(String token, String pathPrefix, String realm, String tokenSetting) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.pathPrefix = pathPrefix;
        this.realm = realm;
        this.tokenSetting = tokenSetting;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Raw, as the container maps it (decoded, path parameters and dot segments resolved), and
        // as Spring's path helper reads it (decoded, path parameters removed, double slashes merged).
        String container = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return Stream.of(request.getRequestURI(), container, UrlPathHelper.defaultInstance.getPathWithinApplication(request))
                .noneMatch(path -> path != null && path.startsWith(pathPrefix));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"");
            write(response, 401, "unauthorized", "Unauthorized",
                    "This endpoint requires the admin credential: Authorization: Bearer <" + tokenSetting + ">.");
            return;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            write(response, 403, "forbidden", "Forbidden", "The bearer token is not the admin credential.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void write(HttpServletResponse response, int status, String type, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"" + ProblemDetailsHandler.TYPE_BASE + type + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }
}
