package io.voicebroadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class ProblemErrorControllerTests {

    final ProblemErrorController controller = new ProblemErrorController();

    @Test
    void askedForDirectly_isNotFound_notAServerError() {
        ResponseEntity<ProblemDetail> r = controller.error(new MockHttpServletRequest("GET", "/error"));

        assertThat(r.getStatusCode().value()).isEqualTo(404);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(r.getBody().getStatus()).isEqualTo(404);
    }

    @Test
    void theContainersError_keepsItsStatus_andTellsNothingElse() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalArgumentException("rtmp://host/app/sk_secret"));
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/voice/rtmp://host/app/sk_secret");

        ResponseEntity<ProblemDetail> r = controller.error(request);

        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat(r.getBody().getTitle()).isEqualTo("Bad Request");
        assertThat(r.getBody().getDetail()).isNull();
        assertThat(r.getBody().getInstance()).isNull();
        assertThat(String.valueOf(r.getBody())).doesNotContain("sk_secret").doesNotContain("IllegalArgumentException");
    }

    @Test
    void aServerErrorStaysOne() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 503);

        assertThat(controller.error(request).getStatusCode().value()).isEqualTo(503);
    }
}
