package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium, as scripts/test.sh installs it: loads a file, dumps its DOM or a screenshot. */
final class Chromium {
    /** What the browser printed: the DOM after scripts ran, and its log with console messages. */
    record Page(String dom, String log) {}

    private Chromium() {}

    static Page load(Path html, Path profile) throws IOException, InterruptedException {
        Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
        Process process = start(profile, log, List.of("--enable-logging=stderr", "--v=0", "--dump-dom",
                html.toUri().toString()));
        String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new Page(dom, Files.readString(log));
    }

    static void screenshot(Path html, Path png, Path profile, int width, int height) throws IOException, InterruptedException {
        Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
        Process process = start(profile, log, List.of("--screenshot=" + png, "--window-size=" + width + "," + height,
                "--hide-scrollbars", html.toUri().toString()));
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    }

    private static Process start(Path profile, Path log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }

    private static String executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("Chromium is not installed: run scripts/test.sh, which installs Debian's chromium,"
                + " or apt-get install -y --no-install-recommends chromium");
    }
}
