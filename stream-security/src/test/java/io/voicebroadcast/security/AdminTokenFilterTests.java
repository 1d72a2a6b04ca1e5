package io.voicebroadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AdminTokenFilterTests {

    static final String TOKEN = "admin-token-for-tests";
    final AdminTokenFilter filter = new AdminTokenFilter(TOKEN, "/voice/", "voice", "VOICE_ADMIN_TOKEN");

    private int statusFor(String requestUri, String servletPath, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", requestUri);
        request.setServletPath(servletPath);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean reached = new AtomicBoolean();
        filter.doFilter(request, response, (req, res) -> reached.set(true));
        return reached.get() ? 200 : response.getStatus();
    }

    @Test
    void theEndpoint_needsTheToken() throws Exception {
        assertThat(statusFor("/voice/room/get", "/voice/room/get", null)).isEqualTo(401);
        assertThat(statusFor("/voice/room/get", "/voice/room/get", "Bearer wrong")).isEqualTo(403);
        assertThat(statusFor("/voice/room/get", "/voice/room/get", "Bearer " + TOKEN)).isEqualTo(200);
    }

    /** The container and Spring route these to /voice/room/get: they must not pass without the token. */
    @ParameterizedTest
    @ValueSource(strings = {"/voice;jsessionid=ABC/room/get", "/voice;x=1/room/get", "/%76oice/room/get", "/%76%6f%69%63%65/room/get",
            "//voice/room/get"})
    void anotherSpellingOfTheSamePath_needsTheTokenToo(String requestUri) throws Exception {
        assertThat(statusFor(requestUri, "/voice/room/get", null)).isEqualTo(401);
        assertThat(statusFor(requestUri, "", null)).as("with the container's servlet path unknown").isEqualTo(401);
    }

    @Test
    void pathsOutsideThePrefix_areNotGuarded() throws Exception {
        assertThat(statusFor("/actuator/health", "/actuator/health", null)).isEqualTo(200);
        assertThat(statusFor("/voiceover", "/voiceover", null)).isEqualTo(200);
    }

    @Test
    void aGuardedRequest_isAnsweredWithAProblemDetail() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/voice;x=1/room/get");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> { });
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"voice\"");
        assertThat(response.getContentAsString()).contains("\"status\":401");
    }

}
