package io.voicebroadcast.gamesession;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GameSessionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(GameSessionServiceApplication.class, args);
    }
}
