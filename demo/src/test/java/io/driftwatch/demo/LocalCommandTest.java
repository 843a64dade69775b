package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** {@code driftwatch local}: the embedded stack without the simulator, on a fixed port, until stopped. */
class LocalCommandTest {
    @Test
    void printsTheBrokerAddressAndEveryTopicThenStopsCleanlyWhenAsked() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LocalCommand command = new LocalCommand();
        StringWriter output = new StringWriter();
        CommandLine cli = new CommandLine(command).setOut(new PrintWriter(output, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--kafka-port", String.valueOf(port)));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!output.toString().contains("Ctrl-C stops.") && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        command.stop();

        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(output.toString())
                .contains("Kafka (KRaft) at localhost:" + port)
                .contains("predictions", "labels", "baselines", "drift-alerts", "retrain-requests", "labelled-examples",
                        "model-deployments", "dead-letters")
                .contains("driftwatch baseline publish baseline.avro --bootstrap localhost:" + port)
                .contains("stopping ...");
    }
}
