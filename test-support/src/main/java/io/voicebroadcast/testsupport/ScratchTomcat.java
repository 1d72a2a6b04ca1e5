package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Embedded Tomcat of an in-process {@code @SpringBootTest} keeps its base directory (work files)
 * and document root in one {@link ScratchDir} of the test JVM, not as {@code tomcat.*} and
 * {@code tomcat-docbase.*} directly in /tmp: deleted when the JVM exits, and, should the JVM be
 * killed first, carrying the run's tag so that the run's final check finds and removes it.
 * <p>
 * Registered as an auto-configuration of this module, so it applies to every Spring Boot
 * application a test module starts in-process; a service started from its jar
 * ({@link ServiceProcess}) does not have this module and keeps its own scratch directory.
 */
@AutoConfiguration
@ConditionalOnClass(TomcatServletWebServerFactory.class)
public class ScratchTomcat {

    private static ScratchDir scratch;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> scratchTomcatDirectories() {
        return factory -> {
            factory.setBaseDirectory(newDirectory("tomcat.").toFile());
            factory.setDocumentRoot(newDirectory("tomcat-docbase.").toFile());
        };
    }

    /** A new directory of its own per server (a JVM may hold several test contexts at once). */
    private static synchronized Path newDirectory(String prefix) {
        if (scratch == null) {
            scratch = ScratchDir.create("spring-test-tomcat-");
        }
        try {
            return Files.createTempDirectory(scratch.path(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
