package io.voicebroadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTests {

    @Test
    void redact_removesThePlayPathPrintedAlone() {
        SecretRedactor redactor = SecretRedactor.of("rtmp://live.twitch.tv/app/live_123_abc");

        assertThat(redactor.redact("[rtmp @ 0x55] Failed to publish live_123_abc, server said no"))
                .isEqualTo("[rtmp @ 0x55] Failed to publish ****, server said no");
    }

    @Test
    void redact_masksUrlsAndLiterals_inOneLine() {
        SecretRedactor redactor = SecretRedactor.of("rtmp://h/app/KEY123", null);

        assertThat(redactor.redact("rtmp://h/app/KEY123: Input/output error (play path KEY123)"))
                .isEqualTo("rtmp://h/app/****: Input/output error (play path ****)");
    }

    @Test
    void redact_knowsYoutubeBackupKeys_queryValues_userInfo_andPasswords() {
        SecretRedactor redactor = SecretRedactor.of(
                "rtmp://b.rtmp.youtube.com/live2?backup=1/abcd-efgh-ijkl",
                "https://bob:hunter22@cdn.example.com/bg.mp4?sig=s3cr3tsig&exp=99",
                "rtmps://host/app/part1/part2?tok=t0k3n");

        String text = "key abcd-efgh-ijkl, pw hunter22, user bob:hunter22, sig s3cr3tsig, parts part1 part2, tok t0k3n";

        assertThat(redactor.redact(text))
                .doesNotContain("abcd-efgh-ijkl", "hunter22", "s3cr3tsig", "part1", "part2", "t0k3n");
    }

    @Test
    void redact_knowsPercentDecodedForms() {
        SecretRedactor redactor = SecretRedactor.of("rtmp://host/app/k%C3%A9y%2F123");

        assertThat(redactor.redact("publishing kéy/123 now")).isEqualTo("publishing **** now");
    }

    @Test
    void redact_ignoresShortSecrets_soTextStaysReadable() {
        SecretRedactor redactor = SecretRedactor.of("rtmp://host/app/abc?x=1");

        assertThat(redactor.redact("abc x=1 opened")).isEqualTo("abc x=1 opened");
        assertThat(redactor.secrets()).allSatisfy(s -> assertThat(s).hasSizeGreaterThanOrEqualTo(SecretRedactor.MIN_SECRET_LENGTH));
    }

    @Test
    void redact_replacesLongestSecretsFirst_soNoFragmentSurvives() {
        SecretRedactor redactor = SecretRedactor.of("rtmp://host/app/abcd/efgh");

        assertThat(redactor.redact("abcd/efgh")).isEqualTo("****");
        assertThat(redactor.secrets().get(0)).isEqualTo("abcd/efgh");
    }

    @Test
    void redact_treatsAnUnreadableUrl_asOneSecret() {
        SecretRedactor redactor = new SecretRedactor(List.of("rtmp://user:pa/55word@host/app/secretkey"));

        assertThat(redactor.redact("user:pa/55word@host/app/secretkey failed")).doesNotContain("55word", "secretkey");
    }

    @Test
    void redact_keepsLocalFilePaths() {
        SecretRedactor redactor = SecretRedactor.of("/opt/bannou/backgrounds/default.mp4");

        assertThat(redactor.redact("opened /opt/bannou/backgrounds/default.mp4")).isEqualTo("opened /opt/bannou/backgrounds/default.mp4");
    }

    @Test
    void redact_ofNull_isNeverAnException() {
        assertThat(SecretRedactor.of("rtmp://h/app/KEY123").redact(null)).isEqualTo("null");
    }
}
