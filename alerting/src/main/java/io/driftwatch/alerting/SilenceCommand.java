package io.driftwatch.alerting;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.driftwatch.alerting.config.ConfigLoader;
import io.driftwatch.alerting.config.Durations;
import io.driftwatch.alerting.route.Matcher;
import io.driftwatch.alerting.route.Silence;
import io.driftwatch.alerting.route.SilenceFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code alerting silence add|list|expire}: edits the silences file that the running service
 * re-reads when it changes. The file is {@code --silences-file}, or {@code silences_file} of
 * {@code --config}.
 */
@Command(name = "silence", mixinStandardHelpOptions = true,
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class},
        description = "Add, list and expire silences.")
public final class SilenceCommand {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Alerting configuration whose silences_file to use.")
    Path config;

    @Option(names = "--silences-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The silences file (instead of --config).")
    Path silencesFile;

    Clock clock = Clock.systemUTC();

    SilenceFile file(CommandLine commandLine) {
        if (silencesFile != null) {
            return new SilenceFile(silencesFile);
        }
        if (config == null) {
            throw new CommandLine.ParameterException(commandLine, "give --silences-file or --config");
        }
        return new SilenceFile(ConfigLoader.silencesFileOf(config).orElseThrow(() ->
                new CommandLine.ParameterException(commandLine, config + " has no silences_file")));
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Silence alerts matching all matchers; prints the id.")
    static final class Add implements Callable<Integer> {
        @CommandLine.ParentCommand
        SilenceCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-m", "--matcher"}, required = true, paramLabel = "MATCHER",
                description = "label=value, label!=value, label=~regex or label!~regex (repeatable; all must match).")
        List<String> matchers;

        @Option(names = {"-d", "--duration"}, defaultValue = "1h", description = "How long, e.g. 30m, 2h, 1d (default ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = {"-c", "--comment"}, required = true, description = "Why (shown by list).")
        String comment;

        @Option(names = {"-a", "--author"}, description = "Who (default: $USER).")
        String author;

        @Override
        public Integer call() {
            List<Matcher> parsed = new ArrayList<>();
            try {
                matchers.forEach(text -> parsed.add(Matcher.parse(text)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Duration length = Durations.parse(duration).filter(d -> !d.isZero()).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "'" + duration + "' is not a duration"));
            SilenceFile file = parent.file(spec.commandLine());
            Instant now = parent.clock.instant();
            String who = author != null ? author : System.getProperty("user.name", "unknown");
            Silence silence = new Silence(UUID.randomUUID().toString(), parsed, now, now.plus(length), who, comment);
            List<Silence> all = new ArrayList<>(file.read());
            all.add(silence);
            file.write(all);
            spec.commandLine().getOut().println(silence.id());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List silences (active and pending; --all adds expired).")
    static final class ListSilences implements Callable<Integer> {
        @CommandLine.ParentCommand
        SilenceCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--all", description = "Also show expired silences.")
        boolean all;

        @Override
        public Integer call() {
            Instant now = parent.clock.instant();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-36s  %-8s  %-20s  %-10s  %s  %s%n", "ID", "STATE", "ENDS AT", "BY", "MATCHERS", "COMMENT");
            for (Silence silence : parent.file(spec.commandLine()).read()) {
                String state = silence.isActive(now) ? "active" : now.isBefore(silence.startsAt()) ? "pending" : "expired";
                if (all || !"expired".equals(state)) {
                    out.printf("%-36s  %-8s  %-20s  %-10s  %s  %s%n", silence.id(), state, silence.endsAt(),
                            silence.createdBy(), silence.matchers(), silence.comment());
                }
            }
            return 0;
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Expire implements Callable<Integer> {
        @CommandLine.ParentCommand
        SilenceCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "Id printed by add or list.")
        String id;

        @Override
        public Integer call() {
            SilenceFile file = parent.file(spec.commandLine());
            Instant now = parent.clock.instant();
            List<Silence> all = new ArrayList<>(file.read());
            int index = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                spec.commandLine().getErr().println("no silence with id " + id);
                return 1;
            }
            all.set(index, all.get(index).expiredAt(now));
            file.write(all);
            spec.commandLine().getOut().println("expired " + id);
            return 0;
        }
    }
}
