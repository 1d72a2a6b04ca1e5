package io.voicebroadcast.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operator dashboard's page, for both services: {@code /dashboard} leads to
 * {@code /dashboard/}, which is {@code /dashboard/index.html}; the page and its shared kit
 * ({@code /dashboard-kit/}) are public (they hold no data: every data call carries the admin
 * token), and go out with headers that keep anything but our own scripts off the page: scripts,
 * styles, fetches and images from this origin only (previews as blob: URLs), no inline script, no
 * form that submits anywhere, never framed, no referrer.
 */
public final class DashboardPageFilter extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The filter on the page's paths, after the admin-token filter (order 1). */
    public static FilterRegistrationBean<DashboardPageFilter> registration() {
        FilterRegistrationBean<DashboardPageFilter> reg = new FilterRegistrationBean<>(new DashboardPageFilter());
        reg.addUrlPatterns("/dashboard", "/dashboard/*", "/dashboard-kit/*");
        reg.setOrder(2);
        return reg;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/dashboard") || path.startsWith("/dashboard/") || path.startsWith("/dashboard-kit/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-cache");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/dashboard")) {
            response.sendRedirect(request.getContextPath() + "/dashboard/");
        } else if (path.equals("/dashboard/")) {
            request.getRequestDispatcher("/dashboard/index.html").forward(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
