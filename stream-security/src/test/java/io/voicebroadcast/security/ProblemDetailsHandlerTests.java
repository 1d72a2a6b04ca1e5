package io.voicebroadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.MapBindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;

/** The shared answers, called as Spring MVC calls them; the services' API tests cover the wiring. */
class ProblemDetailsHandlerTests {

    private static final String KEY = "live_123456_abcdefSECRET";

    private final ProblemDetailsHandler handler = new ProblemDetailsHandler() { };

    @Test
    void unreadableBody_is400_withoutTheParsersMessage_whichCanQuoteTheBody() {
        HttpInputMessage input = new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(new byte[0]);
            }

            @Override
            public HttpHeaders getHeaders() {
                return new HttpHeaders();
            }
        };
        var ex = new HttpMessageNotReadableException("JSON parse error near \"rtmp://a/live/" + KEY + "\"", input);

        ResponseEntity<Object> answer = handler.handleHttpMessageNotReadable(ex, new HttpHeaders(), HttpStatus.BAD_REQUEST, null);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody()).isInstanceOfSatisfying(ProblemDetail.class, p -> {
            assertThat(p.getType()).isEqualTo(URI.create("https://voice-broadcast.dev/problems/malformed-request"));
            assertThat(p.getTitle()).isEqualTo("Malformed request");
            assertThat(p.getDetail()).doesNotContain(KEY).doesNotContain("rtmp://");
        });
    }

    @Test
    void invalidFields_are400_namingEachField_withoutTheRejectedValue() throws NoSuchMethodException {
        var result = new MapBindingResult(Map.of(), "target");
        result.addError(new FieldError("target", "url", "rtmp://a/live/" + KEY, false, new String[] {"Pattern"}, null,
                "must be an rtmp(s) URL"));
        var parameter = new MethodParameter(ProblemDetailsHandlerTests.class.getDeclaredMethod("accept", Target.class), 0);

        ResponseEntity<Object> answer = handler.handleMethodArgumentNotValid(new MethodArgumentNotValidException(parameter, result),
                new HttpHeaders(), HttpStatus.BAD_REQUEST, null);

        assertThat(answer.getBody()).isInstanceOfSatisfying(ProblemDetail.class, p -> {
            assertThat(p.getStatus()).isEqualTo(400);
            assertThat(p.getDetail()).isEqualTo("1 field(s) are invalid.");
            assertThat(p.getProperties()).containsEntry("errors", List.of(Map.of("field", "url", "message", "must be an rtmp(s) URL")));
            assertThat(String.valueOf(p.getProperties())).doesNotContain(KEY);
        });
    }

    @Test
    void anythingUnexpected_isAPlain500_thatNamesNoCause() {
        ProblemDetail p = handler.unexpected(new IllegalStateException("failed to open rtmp://a/live/" + KEY));

        assertThat(p.getStatus()).isEqualTo(500);
        assertThat(p.getType()).isEqualTo(URI.create("https://voice-broadcast.dev/problems/internal-error"));
        assertThat(p.getDetail()).isEqualTo("The service failed to handle the request; the cause is in its log.");
    }

    /** A bound request body. */
    record Target(String url) {
    }

    @SuppressWarnings("unused")
    private void accept(Target target) {
    }
}
